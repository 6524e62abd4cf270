import { describe, expect, it } from "vitest";
import { ticks } from "./chart-scale";

describe("ticks", () => {
  it("steps by 1, 2 or 5 times a power of ten and reaches the maximum", () => {
    expect(ticks(1667)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(ticks(8)).toEqual([0, 2, 4, 6, 8]);
    expect(ticks(120_000)).toEqual([0, 50_000, 100_000, 150_000]);
  });

  it("gives an axis even when everything is zero", () => {
    expect(ticks(0)).toEqual([0, 1]);
  });
});
