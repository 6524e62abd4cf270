import { describe, expect, it } from "vitest";
import { parseTags } from "./tags";

describe("parseTags", () => {
  it("splits on commas, trims, lower-cases and drops repeats and blanks", () => {
    expect(parseTags(" Trainer, bank ,, TRAINER ,  ")).toEqual(["trainer", "bank"]);
    expect(parseTags("")).toEqual([]);
  });
});
