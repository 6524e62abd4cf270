import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { dataRevision } from "./revision.svelte";
import { searchIndex } from "./search-index.svelte";

describe("searchIndex", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    searchIndex.heard(0);
    vi.useRealTimers();
  });

  it("asks the screens to search again while contacts wait to be indexed, once per pause", () => {
    const before = dataRevision.value;
    searchIndex.heard(3200);
    searchIndex.heard(2950);
    expect(searchIndex.waiting).toBe(2950);
    vi.advanceTimersByTime(499);
    expect(dataRevision.value).toBe(before);
    vi.advanceTimersByTime(1);
    expect(dataRevision.value).toBe(before + 1);
  });

  it("stops asking once a search finds every contact", () => {
    searchIndex.heard(0);
    const before = dataRevision.value;
    vi.advanceTimersByTime(2000);
    expect(dataRevision.value).toBe(before);
    expect(searchIndex.waiting).toBe(0);
  });
});
