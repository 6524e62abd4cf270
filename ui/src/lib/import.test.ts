import { describe, expect, it } from "vitest";
import { columnMap, enoughToImport, fileBase64, placeText } from "./import";

describe("import", () => {
  it("sends a file's bytes as base64, Windows-1252 and all", async () => {
    const bytes = new Uint8Array([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x80]); // "Müller€" in cp1252
    expect(await fileBase64(new Blob([bytes]))).toBe("TfxsbGVygA==");
    // Larger than one chunk of the conversion: every byte comes back.
    const large = new Uint8Array(100_000).map((_, i) => i % 251);
    const back = Uint8Array.from(atob(await fileBase64(new Blob([large]))), (c) => c.charCodeAt(0));
    expect(back).toEqual(large);
  });

  it("says where an entry is in German", () => {
    expect(placeText("line 12", "de")).toBe("Zeile 12");
    expect(placeText("card 3", "de")).toBe("Karte 3");
    expect(placeText("after card 2", "de")).toBe("nach Karte 2");
    expect(placeText("line 12", "en")).toBe("line 12");
  });

  it("maps only the named columns, and needs a name, email or phone among them", () => {
    const map = columnMap({ Kunde: "", Wohnort: "town" });
    expect(map).toEqual([{ column: "Wohnort", field: "town" }]);
    expect(enoughToImport(map)).toBe(false);
    expect(enoughToImport(columnMap({ Kunde: "name", Wohnort: "town" }))).toBe(true);
  });
});
