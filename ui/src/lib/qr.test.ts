import { describe, expect, it } from "vitest";
import { darkRuns } from "./qr";

describe("darkRuns", () => {
  it("merges neighbouring dark modules of a row into one run", () => {
    expect(darkRuns(["1101", "0000", "0111"])).toEqual([
      { x: 0, y: 0, width: 2 },
      { x: 3, y: 0, width: 1 },
      { x: 1, y: 2, width: 3 },
    ]);
  });
});
