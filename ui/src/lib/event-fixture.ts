// An event for the unit tests: `startsIn` hours after `now`, every other field plain.
import type { Event } from "./api/generated/api";

const HOUR = 3_600_000;

export function eventStarting(now: number, id: string, startsIn: number, extra: Partial<Event> = {}): Event {
  return {
    id,
    title: id,
    kind: "meetup",
    status: "planned",
    startsAt: now + startsIn * HOUR,
    endsAt: null,
    timeZone: "Europe/Berlin",
    startsLocal: "2025-07-12T20:00",
    endsLocal: null,
    place: "",
    organizer: "",
    goal: "",
    contribution: "",
    costCents: 0,
    currency: "EUR",
    checklist: [],
    peopleToMeet: [],
    createdAt: 0,
    ...extra,
  };
}
