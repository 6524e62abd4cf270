// Saves text the app made (a calendar file) as a download, from a Blob URL: nothing leaves the
// device and no network is needed.

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
