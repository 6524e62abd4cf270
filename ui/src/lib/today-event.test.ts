import { describe, expect, it } from "vitest";
import type { Event } from "./api/generated/api";
import { eventStarting } from "./event-fixture";
import { loadChoice, resolveTodayEvent, saveChoice } from "./today-event";

const HOUR = 3_600_000;
const NOW = new Date(2025, 6, 12, 18, 0).getTime();

function event(id: string, startsIn: number, extra: Partial<Event> = {}): Event {
  return eventStarting(NOW, id, startsIn, extra);
}

class MemoryStorage {
  items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe("resolveTodayEvent", () => {
  const afternoon = event("afternoon", -3); // 15:00, no end: counted until 19:00
  const evening = event("evening", 0.5); // 18:30

  it("pre-selects the current event and remembers it once it has begun", () => {
    const { event: chosen, remember } = resolveTodayEvent([afternoon, evening], null, NOW);
    expect(chosen?.id).toBe("afternoon");
    expect(remember).toEqual({ eventId: "afternoon", chosenAt: NOW });
  });

  it("does not remember an event that has not begun", () => {
    const { event: chosen, remember } = resolveTodayEvent([evening], null, NOW);
    expect(chosen?.id).toBe("evening");
    expect(remember).toBeNull();
  });

  it("keeps the kept event when a second one begins the same day", () => {
    const kept = { eventId: "afternoon", chosenAt: NOW };
    const at = NOW + 0.75 * HOUR; // 18:45: both have begun, the evening one later
    expect(resolveTodayEvent([afternoon, evening], kept, at).event?.id).toBe("afternoon");
  });

  it("keeps a chosen earlier event over the latest started one", () => {
    const kept = { eventId: "afternoon", chosenAt: NOW - HOUR };
    const later = event("later", -1);
    expect(resolveTodayEvent([afternoon, later], kept, NOW).event?.id).toBe("afternoon");
  });

  it("moves on once the kept event has ended and another has begun", () => {
    const kept = { eventId: "afternoon", chosenAt: NOW };
    const at = NOW + 1.5 * HOUR; // 19:30: the afternoon's four hours are over
    const resolved = resolveTodayEvent([afternoon, evening], kept, at);
    expect(resolved.event?.id).toBe("evening");
    expect(resolved.remember).toEqual({ eventId: "evening", chosenAt: at });
  });

  it("keeps an ended event while no other has begun, to check people in afterwards", () => {
    const kept = { eventId: "afternoon", chosenAt: NOW };
    const at = NOW + 1.5 * HOUR;
    expect(resolveTodayEvent([afternoon, event("tomorrow", 24)], kept, at).event?.id).toBe("afternoon");
  });

  it("gives up an event that ended before today", () => {
    const yesterday = event("yesterday", -26);
    const kept = { eventId: "yesterday", chosenAt: NOW - 25 * HOUR };
    expect(resolveTodayEvent([yesterday, event("tomorrow", 24)], kept, NOW).event?.id).toBe("tomorrow");
  });

  it("keeps an upcoming event chosen by hand", () => {
    const kept = { eventId: "evening", chosenAt: NOW };
    expect(resolveTodayEvent([afternoon, evening], kept, NOW).event?.id).toBe("evening");
  });

  it("keeps 'no event' until an event begins after the choice", () => {
    const kept = { eventId: null, chosenAt: NOW };
    expect(resolveTodayEvent([afternoon, evening], kept, NOW).event).toBeNull();
    expect(resolveTodayEvent([afternoon, evening], kept, NOW + HOUR).event?.id).toBe("evening");
  });

  it("falls back to the current event when the kept one is gone", () => {
    const kept = { eventId: "deleted", chosenAt: NOW };
    expect(resolveTodayEvent([afternoon], kept, NOW).event?.id).toBe("afternoon");
  });
});

describe("the kept choice in storage", () => {
  it("reads back what was saved, and nothing from garbage", () => {
    const storage = new MemoryStorage() as unknown as Storage;
    expect(loadChoice(storage)).toBeNull();
    saveChoice(storage, { eventId: "a", chosenAt: 5 });
    expect(loadChoice(storage)).toEqual({ eventId: "a", chosenAt: 5 });
    storage.setItem("handschlag.todayEvent", "{not json");
    expect(loadChoice(storage)).toBeNull();
    expect(loadChoice(undefined)).toBeNull();
  });
});
