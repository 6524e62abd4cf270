// Escape closes an inline form, as it closes a dialog: attach with `{@attach closeOnEscape(f)}`.
import type { Attachment } from "svelte/attachments";

export function closeOnEscape(close: () => void): Attachment<HTMLElement> {
  return (element) => {
    const listen = (event: KeyboardEvent) => {
      if (event.key === "Escape") close();
    };
    element.addEventListener("keydown", listen);
    return () => element.removeEventListener("keydown", listen);
  };
}
