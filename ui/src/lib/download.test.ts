import { afterEach, describe, expect, it, vi } from "vitest";
import { downloadText, type DownloadDocument } from "./download";

function fakeDocument() {
  const clicks: { href: string; download: string; attached: boolean }[] = [];
  const attached = new Set<unknown>();
  const doc: DownloadDocument = {
    createElement: () => {
      const link = {
        href: "",
        download: "",
        click: () => clicks.push({ href: link.href, download: link.download, attached: attached.has(link) }),
        remove: () => void attached.delete(link),
      };
      return link;
    },
    body: { append: (node: never) => void attached.add(node) },
  };
  return { doc, clicks, attached };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe("downloadText", () => {
  it("clicks a link to a Blob URL holding exactly the text, with the file name and type", async () => {
    vi.useFakeTimers();
    const blobs: Blob[] = [];
    vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return `blob:handschlag/${blobs.length}`;
    });
    const revoke = vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => {});
    const { doc, clicks, attached } = fakeDocument();
    const ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";

    downloadText(ics, "handschlag-follow-ups.ics", "text/calendar", doc);

    expect(clicks).toEqual([{ href: "blob:handschlag/1", download: "handschlag-follow-ups.ics", attached: true }]);
    expect(attached.size).toBe(0);
    expect(blobs[0].type).toBe("text/calendar");
    expect(await blobs[0].text()).toBe(ics);
    expect(revoke).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(revoke).toHaveBeenCalledWith("blob:handschlag/1");
  });
});
