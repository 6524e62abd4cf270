import { describe, expect, it } from "vitest";
import { classify } from "./qr-scan";

describe("what a scanned code holds", () => {
  it("a vCard is a contact card, whatever its case and surrounding space", () => {
    expect(classify("\n begin:vcard\r\nFN:Anna\r\nEND:VCARD\r\n")).toEqual({
      kind: "card",
      vcard: "begin:vcard\r\nFN:Anna\r\nEND:VCARD",
    });
  });
  it("a Handschlag pairing link is for the Join form", () => {
    const link = "handschlag://pair?v=1&addr=192.168.1.5:7878&fp=ab&tok=x&exp=1";
    expect(classify(link)).toEqual({ kind: "pairing", link });
  });
  it("anything else is neither", () => {
    expect(classify("https://example.com/").kind).toBe("other");
    expect(classify("handschlag://other").kind).toBe("other");
  });
});
