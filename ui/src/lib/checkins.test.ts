import { describe, expect, it } from "vitest";
import { dayBounds } from "./checkins";

describe("dayBounds", () => {
  it("spans the local calendar day of the given moment, from its first instant to the next day's", () => {
    for (const moment of [
      new Date(2026, 6, 4, 0, 0, 0, 0),
      new Date(2026, 6, 4, 12, 30),
      new Date(2026, 6, 4, 23, 59, 59, 999),
      new Date(2026, 11, 31, 18, 0), // into the next year
      new Date(2026, 2, 29, 12, 0), // the day European clocks jump forward
      new Date(2026, 9, 25, 12, 0), // and back
    ]) {
      const { since, until } = dayBounds(moment);
      expect(since).toBeLessThanOrEqual(moment.getTime());
      expect(until).toBeGreaterThan(moment.getTime());
      const start = new Date(since);
      const end = new Date(until);
      expect([start.getHours(), start.getMinutes(), start.getDate()]).toEqual([0, 0, moment.getDate()]);
      expect([end.getHours(), end.getMinutes()]).toEqual([0, 0]);
      const nextDay = new Date(moment.getFullYear(), moment.getMonth(), moment.getDate() + 1);
      expect(end.getDate()).toBe(nextDay.getDate());
      expect(until - since).toBeGreaterThanOrEqual(23 * 3_600_000);
      expect(until - since).toBeLessThanOrEqual(25 * 3_600_000);
    }
  });
});
