// Arrow keys through search results on a laptop: Down from the search field to the first
// result, Up and Down between results, Up from the first back to the field; Enter then presses
// the focused result's button. Attach to the element holding the field and the results; the
// field and each result's button carry `data-arrow`.
import type { Attachment } from "svelte/attachments";

/** Where focus goes from `current` (0 = the field, -1 = elsewhere) among `count` stops. */
export function nextStop(current: number, count: number, key: string): number | null {
  if (count < 2 || current < 0) return null;
  if (key === "ArrowDown") return Math.min(current + 1, count - 1);
  if (key === "ArrowUp") return Math.max(current - 1, 0);
  return null;
}

export const arrowKeys: Attachment<HTMLElement> = (element) => {
  const listen = (event: KeyboardEvent) => {
    const stops = [...element.querySelectorAll<HTMLElement>("[data-arrow]")].filter(
      (stop) => !(stop as HTMLButtonElement).disabled,
    );
    const next = nextStop(stops.indexOf(document.activeElement as HTMLElement), stops.length, event.key);
    if (next === null) return;
    event.preventDefault();
    stops[next].focus();
  };
  element.addEventListener("keydown", listen);
  return () => element.removeEventListener("keydown", listen);
};
