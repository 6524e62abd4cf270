// Which events are upcoming or past, and which one the Today screen starts with.
import type { ChecklistItem, Event, EventKind, EventStatus, EventUpdate } from "./api/generated/api";

/** An event without an end counts as lasting four hours (the core's rule too). */
const ASSUMED_LENGTH_MS = 4 * 3_600_000;

export function endOf(event: Event): number {
  return event.endsAt ?? event.startsAt + ASSUMED_LENGTH_MS;
}

export function isPast(event: Event, now: number): boolean {
  return endOf(event) < now;
}

export function isOngoing(event: Event, now: number): boolean {
  return event.startsAt <= now && !isPast(event, now);
}

/** Upcoming (soonest first, ongoing ones included) and past (most recent first). */
export function splitEvents(events: readonly Event[], now: number): { upcoming: Event[]; past: Event[] } {
  const upcoming = events.filter((event) => !isPast(event, now)).sort((a, b) => a.startsAt - b.startsAt);
  const past = events.filter((event) => isPast(event, now)).sort((a, b) => b.startsAt - a.startsAt);
  return { upcoming, past };
}

/**
 * The event to check people in at: the one happening now (the latest started, if several), else
 * the next one. An event that started earlier today without a set end still counts as today's:
 * contacts from the morning's fair are often logged in the evening. Skipped events are never
 * chosen.
 */
export function currentOrNext(events: readonly Event[], now: number): Event | undefined {
  const startOfToday = new Date(now).setHours(0, 0, 0, 0);
  const today = (event: Event) =>
    event.startsAt <= now && (!isPast(event, now) || (event.endsAt === null && event.startsAt >= startOfToday));
  const candidates = events.filter((event) => event.status !== "skipped");
  const ongoing = candidates.filter(today).sort((a, b) => b.startsAt - a.startsAt);
  if (ongoing.length > 0) return ongoing[0];
  return candidates.filter((event) => event.startsAt > now).sort((a, b) => a.startsAt - b.startsAt)[0];
}

/**
 * An `EventUpdate` that changes nothing yet: the fields the update always carries are empty.
 * Callers add only what changed, so concurrent edits of other fields on other devices survive.
 */
export function unchangedEvent(id: string): EventUpdate {
  return { id, costCents: null, peopleToMeetAdd: [], peopleToMeetRemove: [] };
}

/** What the event form holds, as typed (cost already read into cents). */
export interface EventFormValues {
  title: string;
  kind: EventKind;
  status: EventStatus;
  starts: string;
  /** Local end time, or "" for none. */
  ends: string;
  timeZone: string;
  place: string;
  organizer: string;
  goal: string;
  contribution: string;
  costCents: number;
  currency: string;
  checklist: ChecklistItem[];
  /** Ids of the people to meet. */
  people: string[];
}

function sameChecklist(a: readonly ChecklistItem[], b: readonly ChecklistItem[]): boolean {
  return a.length === b.length && a.every((item, index) => item.text === b[index].text && item.done === b[index].done);
}

/**
 * The update that turns `event` into what the form holds, carrying only what changed: an end
 * cleared in the form is sent as "" (the core removes it); an empty currency keeps the old one.
 */
export function eventChanges(event: Event, peopleBefore: readonly string[], form: EventFormValues): EventUpdate {
  const update = unchangedEvent(event.id);
  if (form.title !== event.title) update.title = form.title;
  if (form.kind !== event.kind) update.kind = form.kind;
  if (form.status !== event.status) update.status = form.status;
  if (form.starts !== event.startsLocal) update.starts = form.starts;
  if (form.ends !== (event.endsLocal ?? "")) update.ends = form.ends;
  if (form.timeZone !== event.timeZone) update.timeZone = form.timeZone;
  if (form.place !== event.place) update.place = form.place;
  if (form.organizer !== event.organizer) update.organizer = form.organizer;
  if (form.goal !== event.goal) update.goal = form.goal;
  if (form.contribution !== event.contribution) update.contribution = form.contribution;
  if (form.costCents !== event.costCents) update.costCents = form.costCents;
  const currency = form.currency.trim().toUpperCase();
  if (currency !== "" && currency !== event.currency) update.currency = currency;
  if (!sameChecklist(form.checklist, event.checklist)) update.checklist = form.checklist.map((item) => ({ ...item }));
  const before = new Set(peopleBefore);
  const after = new Set(form.people);
  update.peopleToMeetAdd = [...after].filter((person) => !before.has(person));
  update.peopleToMeetRemove = [...before].filter((person) => !after.has(person));
  return update;
}
