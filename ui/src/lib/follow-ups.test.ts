import { describe, expect, it } from "vitest";
import type { FollowUp } from "./api/generated/api";
import { groupFollowUps, snoozeDates } from "./follow-ups";

function followUp(id: string, due: string, done = false): FollowUp {
  return { id, contactId: "c", contactName: "Anna Bauer", action: "call", due, note: "", done, lastCheckin: null };
}

describe("groupFollowUps", () => {
  it("sorts open follow-ups into overdue, today and upcoming, each by due date", () => {
    const groups = groupFollowUps(
      [
        followUp("next-week", "2025-07-21"),
        followUp("today", "2025-07-14"),
        followUp("long-ago", "2025-06-01"),
        followUp("yesterday", "2025-07-13"),
        followUp("tomorrow", "2025-07-15"),
      ],
      "2025-07-14",
    );
    expect(groups.overdue.map((f) => f.id)).toEqual(["long-ago", "yesterday"]);
    expect(groups.today.map((f) => f.id)).toEqual(["today"]);
    expect(groups.upcoming.map((f) => f.id)).toEqual(["tomorrow", "next-week"]);
  });

  it("leaves done follow-ups out", () => {
    const groups = groupFollowUps([followUp("done", "2025-07-14", true)], "2025-07-14");
    expect(groups).toEqual({ overdue: [], today: [], upcoming: [] });
  });
});

describe("snoozeDates", () => {
  it("offers tomorrow and a week from today", () => {
    expect(snoozeDates("2025-12-31")).toEqual({ tomorrow: "2026-01-01", nextWeek: "2026-01-07" });
  });

  it("counts next week from a due date still ahead", () => {
    expect(snoozeDates("2025-12-02", "2025-12-09").nextWeek).toBe("2025-12-16");
  });

  it("counts next week from today for a follow-up due today or overdue", () => {
    expect(snoozeDates("2025-12-02", "2025-12-02").nextWeek).toBe("2025-12-09");
    expect(snoozeDates("2025-12-02", "2025-11-20").nextWeek).toBe("2025-12-09");
  });
});
