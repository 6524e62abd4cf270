import { describe, expect, it } from "vitest";
import {
  addDays,
  amountInput,
  formatAgo,
  formatMonth,
  formatDate,
  formatMoney,
  formatWallTime,
  nextFullHour,
  parseAmount,
  todayIso,
} from "./format";

const NBSP = "\u00a0";

describe("formatMoney", () => {
  it("shows cents as an amount in the user's convention", () => {
    expect(formatMoney(380000, "EUR", "de")).toBe(`3.800,00${NBSP}€`);
    expect(formatMoney(380000, "EUR", "en")).toBe("€3,800.00");
    expect(formatMoney(4050, "EUR", "en")).toBe("€40.50");
    expect(formatMoney(5, "CHF", "de")).toBe(`0,05${NBSP}CHF`);
  });

  it("still shows the amount for a currency code Intl does not accept", () => {
    expect(formatMoney(1234, "EURO", "en")).toBe("12.34 EURO");
  });
});

describe("parseAmount", () => {
  it.each([
    ["3800", 380000],
    ["3.800", 380000],
    ["3,800", 380000],
    ["3.800,50", 380050],
    ["3,800.50", 380050],
    ["12,5", 1250],
    ["12.5", 1250],
    ["40 €", 4000],
    ["€ 1 234,00", 123400],
    ["0", 0],
    ["EUR 99", 9900],
  ])("reads %s as %i cents", (text, cents) => {
    expect(parseAmount(text)).toBe(cents);
  });

  it.each(["", "abc", "-5", "1,2,x", "€"])("refuses %s", (text) => {
    expect(parseAmount(text)).toBeNull();
  });

  it("writes cents back in a form it reads again", () => {
    expect(amountInput(4050, "de")).toBe("40,50");
    expect(amountInput(4050, "en")).toBe("40.50");
    expect(parseAmount(amountInput(123456, "de"))).toBe(123456);
  });
});

describe("dates", () => {
  it("shows a calendar date with its weekday, whatever the device's zone", () => {
    expect(formatDate("2025-07-14", "en")).toBe("Mon, 14 Jul 2025");
    expect(formatDate("2025-07-14", "de")).toBe("Mo., 14. Juli 2025");
  });

  it("shows an event's local wall time as written", () => {
    expect(formatWallTime("2025-07-12T18:00", "en")).toBe("Sat, 12 Jul 2025, 18:00");
    expect(formatWallTime("2025-07-12T18:00", "de")).toBe("Sa., 12. Juli 2025, 18:00");
  });

  it("moves dates across months, years and leap days", () => {
    expect(addDays("2025-01-31", 1)).toBe("2025-02-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-12-29", 7)).toBe("2026-01-05");
    expect(addDays("2025-03-01", -1)).toBe("2025-02-28");
  });

  it("takes today and the next full hour from the local calendar", () => {
    expect(todayIso(new Date(2025, 0, 5, 23, 59))).toBe("2025-01-05");
    expect(nextFullHour(new Date(2025, 6, 12, 17, 20))).toBe("2025-07-12T18:00");
    expect(nextFullHour(new Date(2025, 11, 31, 23, 30))).toBe("2026-01-01T00:00");
  });

  it("says how long ago something was in the largest fitting unit", () => {
    const now = Date.UTC(2025, 6, 12, 12, 0);
    expect(formatAgo(now - 5 * 60_000, now, "en")).toBe("5 minutes ago");
    expect(formatAgo(now - 3 * 3_600_000, now, "en")).toBe("3 hours ago");
    expect(formatAgo(now - 2 * 86_400_000, now, "de")).toBe("vorgestern");
    expect(formatAgo(now - 10_000, now, "en")).toBe("this minute");
  });
});

describe("formatMonth", () => {
  it("names a month in the user's language", () => {
    expect(formatMonth("2026-11", "en")).toBe("Nov 2026");
    expect(formatMonth("2026-03", "de")).toBe("März 2026");
  });
});
