// How the Dashboard arranges the core's figures — never computes them: the stacked bars of one
// currency by month, and the per-event table sorted by the column the user picked.
import type { Channel, EventFigures, Money, MonthRevenue } from "./api/generated/api";

export const CHANNELS: readonly Channel[] = ["in-person", "online", "referral", "unknown"];

/** One currency's months in order, each with its revenue per channel (in `channels` order): the
 * three ways a relationship begins, and "not known" only when some revenue has no known start. */
export function monthlyStacks(
  months: readonly MonthRevenue[],
  currency: string,
): { channels: Channel[]; months: string[]; values: number[][] } {
  const mine = months.filter((entry) => entry.currency === currency);
  const channels = CHANNELS.filter((channel) => channel !== "unknown" || mine.some((entry) => entry.channel === channel));
  const byMonth = new Map<string, number[]>();
  for (const entry of mine) {
    const stack = byMonth.get(entry.month) ?? channels.map(() => 0);
    stack[channels.indexOf(entry.channel)] += entry.revenueCents;
    byMonth.set(entry.month, stack);
  }
  const sorted = [...byMonth].sort(([a], [b]) => a.localeCompare(b));
  return { channels, months: sorted.map(([month]) => month), values: sorted.map(([, stack]) => stack) };
}

export type EventColumn = "title" | "startsAt" | "met" | "newContacts" | "followUps" | "dealsWon" | "revenue" | "cost" | "net";

/** What an event sorts by in a column: money by its cents (no money sorts lowest). */
function key(event: EventFigures, column: EventColumn): string | number {
  const cents = (money: Money | null | undefined) => money?.cents ?? Number.NEGATIVE_INFINITY;
  switch (column) {
    case "title":
      return event.title.toLocaleLowerCase();
    case "revenue":
      return event.revenue.reduce((sum, money) => sum + money.cents, 0) || Number.NEGATIVE_INFINITY;
    case "cost":
      return cents(event.cost);
    case "net":
      return cents(event.net);
    default:
      return event[column];
  }
}

/** The events sorted by `column`, descending or ascending; ties keep the core's order. */
export function sortEvents(events: readonly EventFigures[], column: EventColumn, descending: boolean): EventFigures[] {
  const direction = descending ? -1 : 1;
  return [...events].sort((a, b) => {
    const [x, y] = [key(a, column), key(b, column)];
    return x < y ? -direction : x > y ? direction : 0;
  });
}
