import { describe, expect, it } from "vitest";
import type { Deal } from "./api/generated/api";
import { dealChanges, nextStatuses } from "./deals";

describe("nextStatuses", () => {
  it("offers won and lost for an open order, and reopening for a closed one", () => {
    expect(nextStatuses("open")).toEqual(["won", "lost"]);
    expect(nextStatuses("won")).toEqual(["open"]);
    expect(nextStatuses("lost")).toEqual(["open"]);
  });
});

describe("dealChanges", () => {
  const deal: Deal = {
    id: "d",
    contactId: "anna",
    contactName: "Anna Bauer",
    title: "Workshop",
    amountCents: 380000,
    currency: "EUR",
    status: "won",
    date: "2025-07-01",
    attribution: { channel: "referral", eventId: "fest", eventTitle: "Sommerfest", overridden: true },
    contactDeleted: false,
  };
  const form = {
    contactId: "anna",
    title: "Workshop",
    amountCents: 380000,
    currency: "eur",
    status: "won" as const,
    date: "2025-07-01",
    channel: "referral" as const,
    eventId: "fest",
  };

  it("sends nothing but the id when nothing changed", () => {
    expect(dealChanges(deal, form)).toEqual({ id: "d" });
  });

  it("sends what changed, the contact included", () => {
    expect(dealChanges(deal, { ...form, contactId: "jurgen", amountCents: 0, title: "Kurs" })).toEqual({
      id: "d",
      contactId: "jurgen",
      amountCents: 0,
      title: "Kurs",
    });
  });

  it("clears the override with {} when both are set back to automatic", () => {
    expect(dealChanges(deal, { ...form, channel: "", eventId: "" })).toEqual({ id: "d", attribution: {} });
  });

  it("sends the whole override when a part of it changed", () => {
    expect(dealChanges(deal, { ...form, eventId: "" })).toEqual({ id: "d", attribution: { channel: "referral" } });
    const derived = { ...deal, attribution: { ...deal.attribution, overridden: false } };
    expect(dealChanges(derived, { ...form, channel: "online", eventId: "" })).toEqual({
      id: "d",
      attribution: { channel: "online" },
    });
  });
});
