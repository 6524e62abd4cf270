import { describe, expect, it } from "vitest";
import type { EventFigures } from "./api/generated/api";
import { monthlyStacks, sortEvents } from "./insights";

describe("monthlyStacks", () => {
  it("stacks one currency's months in order, channel by channel, leaving other currencies out", () => {
    const months = [
      { month: "2026-11", channel: "online" as const, currency: "EUR", revenueCents: 400 },
      { month: "2026-10", channel: "in-person" as const, currency: "EUR", revenueCents: 1200 },
      { month: "2026-11", channel: "in-person" as const, currency: "EUR", revenueCents: 800 },
      { month: "2026-11", channel: "in-person" as const, currency: "CHF", revenueCents: 2000 },
    ];
    expect(monthlyStacks(months, "EUR")).toEqual({
      channels: ["in-person", "online", "referral"],
      months: ["2026-10", "2026-11"],
      values: [
        [1200, 0, 0],
        [800, 400, 0],
      ],
    });
  });

  it("adds a stack for revenue whose relationship's start is not known, only when there is some", () => {
    const months = [
      { month: "2026-11", channel: "unknown" as const, currency: "EUR", revenueCents: 300 },
      { month: "2026-11", channel: "referral" as const, currency: "EUR", revenueCents: 100 },
    ];
    expect(monthlyStacks(months, "EUR")).toEqual({
      channels: ["in-person", "online", "referral", "unknown"],
      months: ["2026-11"],
      values: [[0, 0, 100, 300]],
    });
  });
});

describe("sortEvents", () => {
  const event = (title: string, met: number, net: number | null): EventFigures => ({
    eventId: title,
    title,
    startsAt: 0,
    met,
    newContacts: 0,
    followUps: 0,
    followUpsDone: 0,
    dealsWon: 0,
    revenue: [],
    cost: net === null ? null : { cents: 100, currency: "EUR" },
    net: net === null ? null : { cents: net, currency: "EUR" },
  });
  const events = [event("Stammtisch", 2, null), event("Messe", 5, -300), event("Sommerfest", 3, 1050)];

  it("sorts by a count, either way", () => {
    expect(sortEvents(events, "met", true).map((e) => e.title)).toEqual(["Messe", "Sommerfest", "Stammtisch"]);
    expect(sortEvents(events, "met", false).map((e) => e.title)).toEqual(["Stammtisch", "Sommerfest", "Messe"]);
  });

  it("puts an event without cost below every net, and sorts titles alphabetically", () => {
    expect(sortEvents(events, "net", true).map((e) => e.title)).toEqual(["Sommerfest", "Messe", "Stammtisch"]);
    expect(sortEvents(events, "title", false).map((e) => e.title)).toEqual(["Messe", "Sommerfest", "Stammtisch"]);
  });
});
