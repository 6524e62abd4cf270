import { describe, expect, it } from "vitest";
import type { Deal } from "./api/generated/api";
import { nextStatuses, wonTotals } from "./deals";

describe("wonTotals", () => {
  const deal = (amountCents: number, currency: string, status: Deal["status"]): Deal => ({
    id: `${amountCents}`,
    contactId: "c",
    contactName: "Anna Bauer",
    title: "",
    amountCents,
    currency,
    status,
    date: "2025-07-01",
    attribution: { channel: "online", eventId: null, eventTitle: null, overridden: false },
    contactDeleted: false,
  });

  it("adds up won orders per currency and ignores open and lost ones", () => {
    const totals = wonTotals([
      deal(380000, "EUR", "won"),
      deal(5000, "EUR", "won"),
      deal(100, "EUR", "lost"),
      deal(900, "CHF", "won"),
      deal(7, "EUR", "open"),
    ]);
    expect(totals).toEqual([
      { currency: "CHF", cents: 900 },
      { currency: "EUR", cents: 385000 },
    ]);
  });
});

describe("nextStatuses", () => {
  it("offers won and lost for an open order, and reopening for a closed one", () => {
    expect(nextStatuses("open")).toEqual(["won", "lost"]);
    expect(nextStatuses("won")).toEqual(["open"]);
    expect(nextStatuses("lost")).toEqual(["open"]);
  });
});
