// A contact's history as one list, newest first: encounters, follow-ups and orders.
import type { Checkin, ContactDetail, Deal, FollowUp } from "./api/generated/api";

export type TimelineEntry =
  | { kind: "checkin"; at: number; checkin: Checkin }
  | { kind: "follow-up"; at: number; followUp: FollowUp }
  | { kind: "deal"; at: number; deal: Deal };

/** `YYYY-MM-DD` as the UTC midnight instant, to sort dates among instants. */
function dayStart(iso: string): number {
  const [year, month, day] = iso.split("-").map(Number);
  return Date.UTC(year, month - 1, day);
}

export function buildTimeline(detail: Pick<ContactDetail, "checkins" | "followUps" | "deals">): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...detail.checkins.map((checkin) => ({ kind: "checkin" as const, at: checkin.at, checkin })),
    ...detail.followUps.map((followUp) => ({ kind: "follow-up" as const, at: dayStart(followUp.due), followUp })),
    ...detail.deals.map((deal) => ({ kind: "deal" as const, at: dayStart(deal.date), deal })),
  ];
  return entries.sort((a, b) => b.at - a.at);
}
