import { describe, expect, it } from "vitest";
import { pagesFor, pagesToDrop, visibleRows } from "./virtual-list";

describe("visibleRows", () => {
  it("covers the viewport plus the overscan on both sides", () => {
    expect(visibleRows({ scrollTop: 7200, height: 640 }, 72, 50_000, 5)).toEqual({ start: 95, end: 114 });
  });

  it("stops at the top", () => {
    expect(visibleRows({ scrollTop: 0, height: 640 }, 72, 50_000, 5)).toEqual({ start: 0, end: 14 });
  });

  it("stops at the end of the list", () => {
    expect(visibleRows({ scrollTop: 72 * 49_995, height: 640 }, 72, 50_000, 5)).toEqual({ start: 49_990, end: 50_000 });
  });

  it("shows all of a short list", () => {
    expect(visibleRows({ scrollTop: 0, height: 640 }, 72, 3, 5)).toEqual({ start: 0, end: 3 });
  });

  it("shows nothing for an empty list or a scroll past the end", () => {
    expect(visibleRows({ scrollTop: 0, height: 640 }, 72, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleRows({ scrollTop: 72 * 100, height: 640 }, 72, 10, 2)).toEqual({ start: 10, end: 10 });
  });

  it("treats a negative (rubber-band) scroll as the top", () => {
    expect(visibleRows({ scrollTop: -40, height: 144 }, 72, 100, 0)).toEqual({ start: 0, end: 2 });
  });
});

describe("pagesFor", () => {
  it("lists the pages that hold the rows", () => {
    expect(pagesFor({ start: 95, end: 114 }, 100)).toEqual([0, 1]);
    expect(pagesFor({ start: 0, end: 100 }, 100)).toEqual([0]);
    expect(pagesFor({ start: 250, end: 260 }, 100)).toEqual([2]);
  });

  it("needs no page for no rows", () => {
    expect(pagesFor({ start: 5, end: 5 }, 100)).toEqual([]);
  });
});

describe("pagesToDrop", () => {
  it("drops loaded pages farther than `keep` from the needed ones", () => {
    expect(pagesToDrop([0, 1, 2, 10, 20, 21], [20, 21], 10)).toEqual([0, 1, 2]);
    expect(pagesToDrop([3, 4], [4], 1)).toEqual([]);
  });

  it("drops nothing while nothing is needed", () => {
    expect(pagesToDrop([0, 1], [], 0)).toEqual([]);
  });
});
