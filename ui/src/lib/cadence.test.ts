import { describe, expect, it } from "vitest";
import { dueText } from "./cadence";
import { de, en } from "./i18n";

describe("dueText", () => {
  const noon = (day: number) => new Date(2026, 11, day, 12).getTime();

  it("says since when and how long a reminder is overdue", () => {
    expect(dueText({ dueAt: noon(1), overdueDays: 10 }, en, "en")).toBe("due since Tue, 1 Dec 2026 (10 days)");
    expect(dueText({ dueAt: noon(1), overdueDays: 1 }, de, "de")).toBe("fällig seit Di., 1. Dez. 2026 (1 Tag)");
  });

  it("says today, or the day it falls due", () => {
    expect(dueText({ dueAt: noon(2), overdueDays: 0 }, en, "en")).toBe("due today");
    expect(dueText({ dueAt: noon(9), overdueDays: -7 }, en, "en")).toBe("due Wed, 9 Dec 2026");
  });
});
