// Saves text the app made (a calendar file, a contact table) on this device, no network needed:
// in the desktop app through the system's save dialog (the webview's Blob download is unreliable
// in Tauri), in a browser as a download from a Blob URL.
import { saveNatively } from "./api";

/** Where a saved file went: where the save dialog put it, the browser's downloads, or nowhere
 * (the dialog was cancelled). */
export type Saved = { to: "path"; path: string } | { to: "downloads" } | { to: "nowhere" };

/** Saves `text` as a file named `fileName`; `title` names what is saved (the save dialog's
 * title). */
export async function saveText(text: string, fileName: string, type: string, title: string): Promise<Saved> {
  if (saveNatively) {
    const path = await saveNatively(title, fileName, text);
    return path === null ? { to: "nowhere" } : { to: "path", path };
  }
  downloadText(text, fileName, type);
  return { to: "downloads" };
}

/** The part of `Document` a download needs. */
export interface DownloadDocument {
  createElement(tag: "a"): Pick<HTMLAnchorElement, "href" | "download" | "click" | "remove">;
  body: { append(node: never): void };
}

/** Offers `text` as a file named `fileName` of MIME type `type`. */
export function downloadText(text: string, fileName: string, type: string, doc: DownloadDocument = document): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = doc.createElement("a");
  link.href = url;
  link.download = fileName;
  doc.body.append(link as never);
  link.click();
  link.remove();
  // Some browsers read the URL only after the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
