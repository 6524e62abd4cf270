// The event Today checks people in at, kept per device (localStorage) across reloads and restarts:
// the user's choice, or the event pre-selected once it has begun, stays until the user changes it
// or it has ended and another has begun — so a second event later the same day never takes over
// the check-ins silently.
import type { Event } from "./api/generated/api";
import { currentOrNext, isPast } from "./events";

const STORAGE_KEY = "handschlag.todayEvent";

/** What is remembered: the chosen event's id (null for "no event") and when it was chosen. */
export interface KeptChoice {
  eventId: string | null;
  chosenAt: number;
}

export function loadChoice(storage: Storage | undefined): KeptChoice | null {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    if (typeof value !== "object" || value === null) return null;
    const { eventId, chosenAt } = value as Record<string, unknown>;
    if ((typeof eventId !== "string" && eventId !== null) || typeof chosenAt !== "number") return null;
    return { eventId, chosenAt };
  } catch {
    return null;
  }
}

export function saveChoice(storage: Storage | undefined, choice: KeptChoice): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(choice));
  } catch {
    // Private mode or a full storage: the choice lasts while the app is open.
  }
}

function begun(event: Event, now: number): boolean {
  return event.status !== "skipped" && event.startsAt <= now;
}

/**
 * The event to check people in at, and the choice to remember from now on (null: keep what is
 * stored). Without a valid choice the current or next event is taken, and remembered once it has
 * begun. A kept event is given up only when it has ended and another has begun (or it ended
 * before today); a kept "no event" only when an event has begun since it was chosen.
 */
export function resolveTodayEvent(
  events: readonly Event[],
  kept: KeptChoice | null,
  now: number,
): { event: Event | null; remember: KeptChoice | null } {
  const auto = () => {
    const event = currentOrNext(events, now) ?? null;
    const remember = event && begun(event, now) ? { eventId: event.id, chosenAt: now } : null;
    return { event, remember };
  };
  if (kept === null) return auto();
  if (kept.eventId === null) {
    const since = events.some((event) => begun(event, now) && event.startsAt > kept.chosenAt);
    return since ? auto() : { event: null, remember: null };
  }
  const event = events.find((candidate) => candidate.id === kept.eventId);
  if (!event) return auto();
  if (!isPast(event, now)) return { event, remember: null };
  const startOfToday = new Date(now).setHours(0, 0, 0, 0);
  const next = currentOrNext(events, now);
  const anotherBegun = next !== undefined && next.id !== event.id && begun(next, now);
  const endedBeforeToday = event.startsAt < startOfToday && (event.endsAt ?? event.startsAt) < startOfToday;
  if (anotherBegun || endedBeforeToday) return auto();
  return { event, remember: null };
}
