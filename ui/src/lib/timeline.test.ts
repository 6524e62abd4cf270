import { describe, expect, it } from "vitest";
import type { Checkin, Deal, FollowUp } from "./api/generated/api";
import { buildTimeline } from "./timeline";

const checkin: Checkin = {
  id: "k1",
  contactId: "c",
  contactName: "Anna Bauer",
  eventId: null,
  eventTitle: null,
  kind: "in-person",
  at: Date.UTC(2025, 6, 12, 19, 30),
  place: "",
  note: "",
  retracted: false,
};
const followUp: FollowUp = {
  id: "f1",
  contactId: "c",
  contactName: "Anna Bauer",
  action: "call",
  due: "2025-07-19",
  note: "",
  done: false,
  lastCheckin: null,
};
const deal: Deal = {
  id: "d1",
  contactId: "c",
  contactName: "Anna Bauer",
  title: "Workshop",
  amountCents: 380000,
  currency: "EUR",
  status: "won",
  date: "2025-09-01",
  attribution: { channel: "in-person", eventId: null, eventTitle: null, overridden: false },
  contactDeleted: false,
};

describe("buildTimeline", () => {
  it("merges encounters, follow-ups and orders, newest first", () => {
    const entries = buildTimeline({ checkins: [checkin], followUps: [followUp], deals: [deal] });
    expect(entries.map((entry) => entry.kind)).toEqual(["deal", "follow-up", "checkin"]);
  });

  it("places a check-in later on a day after a follow-up due that day", () => {
    const sameDay = { ...followUp, due: "2025-07-12" };
    const entries = buildTimeline({ checkins: [checkin], followUps: [sameDay], deals: [] });
    expect(entries.map((entry) => entry.kind)).toEqual(["checkin", "follow-up"]);
  });

  it("is empty for a contact with no history", () => {
    expect(buildTimeline({ checkins: [], followUps: [], deals: [] })).toEqual([]);
  });
});
