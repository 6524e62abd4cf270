// Which check-ins the Today screen lists: those of the device's current calendar day.

/** The instants at which the local calendar day of `now` starts and the next one starts. */
export function dayBounds(now: Date = new Date()): { since: number; until: number } {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  // By calendar date, not by adding 24 hours: days with a clock change are 23 or 25 hours long.
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return { since: start.getTime(), until: next.getTime() };
}
