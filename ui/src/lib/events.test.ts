import { describe, expect, it } from "vitest";
import type { Event } from "./api/generated/api";
import { eventStarting } from "./event-fixture";
import { currentOrNext, eventChanges, isOngoing, isPast, splitEvents, unchangedEvent, type EventFormValues } from "./events";

const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 6, 12, 18, 0);

function event(id: string, startsIn: number, extra: Partial<Event> = {}): Event {
  return eventStarting(NOW, id, startsIn, extra);
}

describe("event times", () => {
  it("counts an event without an end as four hours long", () => {
    expect(isOngoing(event("a", -3), NOW)).toBe(true);
    expect(isPast(event("a", -5), NOW)).toBe(true);
  });

  it("uses the end when there is one", () => {
    expect(isOngoing(event("a", -6, { endsAt: NOW + HOUR }), NOW)).toBe(true);
    expect(isPast(event("a", -1, { endsAt: NOW - 1 }), NOW)).toBe(true);
  });
});

describe("currentOrNext", () => {
  it("prefers the event happening now over the next one", () => {
    const events = [event("next", 1), event("now", -2), event("later", 48)];
    expect(currentOrNext(events, NOW)?.id).toBe("now");
  });

  it("takes the next one when nothing happens now", () => {
    const events = [event("later", 48), event("past", -30), event("next", 2)];
    expect(currentOrNext(events, NOW)?.id).toBe("next");
  });

  it("takes the latest started of two that overlap now", () => {
    const events = [event("all-day", -3, { endsAt: NOW + 5 * HOUR }), event("evening", -1)];
    expect(currentOrNext(events, NOW)?.id).toBe("evening");
  });

  it("never chooses a skipped event or one from an earlier day", () => {
    expect(currentOrNext([event("skipped", -1, { status: "skipped" }), event("yesterday", -30)], NOW)).toBeUndefined();
  });

  it("keeps this morning's event without an end as today's, but not one that has ended", () => {
    expect(currentOrNext([event("morning fair", -9), event("tomorrow", 20)], NOW)?.id).toBe("morning fair");
    const ended = event("ended", -9, { endsAt: NOW - 6 * HOUR });
    expect(currentOrNext([ended, event("tomorrow", 20)], NOW)?.id).toBe("tomorrow");
  });
});

describe("splitEvents", () => {
  it("lists upcoming soonest first and past most recent first", () => {
    const events = [event("old", -100), event("soon", 1), event("recent", -10), event("now", -1), event("far", 100)];
    const { upcoming, past } = splitEvents(events, NOW);
    expect(upcoming.map((e) => e.id)).toEqual(["now", "soon", "far"]);
    expect(past.map((e) => e.id)).toEqual(["recent", "old"]);
  });
});

describe("unchangedEvent", () => {
  it("carries only the id and empty required fields", () => {
    expect(unchangedEvent("e1")).toEqual({ id: "e1", costCents: null, peopleToMeetAdd: [], peopleToMeetRemove: [] });
  });
});

describe("eventChanges", () => {
  const sommerfest = event("e1", 24, {
    title: "Sommerfest",
    startsLocal: "2026-07-04T15:00",
    costCents: 4000,
    checklist: [{ text: "order sausages", done: false }],
  });
  const form = (): EventFormValues => ({
    title: sommerfest.title,
    kind: sommerfest.kind,
    status: sommerfest.status,
    starts: sommerfest.startsLocal,
    ends: "",
    timeZone: sommerfest.timeZone,
    place: sommerfest.place,
    organizer: sommerfest.organizer,
    goal: sommerfest.goal,
    contribution: sommerfest.contribution,
    costCents: sommerfest.costCents,
    currency: "EUR",
    checklist: [{ text: "order sausages", done: false }],
    people: ["anna"],
  });

  it("sends nothing for an untouched form", () => {
    expect(eventChanges(sommerfest, ["anna"], form())).toEqual(unchangedEvent("e1"));
  });

  it("sends a new end, and an emptied end as empty so the core removes it", () => {
    expect(eventChanges(sommerfest, ["anna"], { ...form(), ends: "2026-07-04T23:00" }).ends).toBe("2026-07-04T23:00");
    const ending = { ...sommerfest, endsLocal: "2026-07-04T23:00", endsAt: 5_000 };
    expect(eventChanges(ending, ["anna"], { ...form(), ends: "2026-07-04T23:00" }).ends).toBeUndefined();
    expect(eventChanges(ending, ["anna"], { ...form(), ends: "" }).ends).toBe("");
  });

  it("sends a changed currency in capitals, and keeps the old one when the field is emptied", () => {
    expect(eventChanges(sommerfest, ["anna"], { ...form(), currency: " chf " }).currency).toBe("CHF");
    expect(eventChanges(sommerfest, ["anna"], { ...form(), currency: "eur" }).currency).toBeUndefined();
    expect(eventChanges(sommerfest, ["anna"], { ...form(), currency: "" }).currency).toBeUndefined();
  });

  it("sends who was added to and removed from the people to meet", () => {
    const update = eventChanges(sommerfest, ["anna", "eva"], { ...form(), people: ["eva", "olaf"], costCents: 0 });
    expect(update.peopleToMeetAdd).toEqual(["olaf"]);
    expect(update.peopleToMeetRemove).toEqual(["anna"]);
    expect(update.costCents).toBe(0);
  });
});
