import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("writes a header and rows, CRLF line ends, numbers as they are", () => {
    expect(toCsv(["month", "EUR"], [["2026-11", 1200.5]])).toBe("month,EUR\r\n2026-11,1200.5\r\n");
  });

  it("quotes fields with commas, quotes or line breaks and doubles quotes", () => {
    expect(toCsv(["event"], [["Stammtisch, Bar"], ['Der "Hof"'], ["two\nlines"]])).toBe(
      'event\r\n"Stammtisch, Bar"\r\n"Der ""Hof"""\r\n"two\nlines"\r\n',
    );
  });
});
