// Escape closes an inline form, as it closes a dialog: attach with `{@attach closeOnEscape(f)}`.
import type { Attachment } from "svelte/attachments";

export function closeOnEscape(close: () => void): Attachment<HTMLElement> {
  return (element) => {
    const listen = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      // Handled here: the same key press must not also close a dialog that `close` opens.
      event.preventDefault();
      close();
    };
    element.addEventListener("keydown", listen);
    return () => element.removeEventListener("keydown", listen);
  };
}
