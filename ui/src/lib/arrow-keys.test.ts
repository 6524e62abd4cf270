import { describe, expect, it } from "vitest";
import { nextStop } from "./arrow-keys";

describe("nextStop", () => {
  it("goes down from the field to the first result and on, stopping at the last", () => {
    expect(nextStop(0, 4, "ArrowDown")).toBe(1);
    expect(nextStop(2, 4, "ArrowDown")).toBe(3);
    expect(nextStop(3, 4, "ArrowDown")).toBe(3);
  });

  it("goes up back to the field", () => {
    expect(nextStop(1, 4, "ArrowUp")).toBe(0);
    expect(nextStop(0, 4, "ArrowUp")).toBe(0);
  });

  it("leaves other keys, empty results and focus elsewhere alone", () => {
    expect(nextStop(1, 4, "Enter")).toBeNull();
    expect(nextStop(0, 1, "ArrowDown")).toBeNull();
    expect(nextStop(-1, 4, "ArrowDown")).toBeNull();
  });
});
