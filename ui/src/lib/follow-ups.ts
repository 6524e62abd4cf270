// Follow-ups grouped the way Monday morning needs them: overdue, due today, upcoming.
import type { FollowUp } from "./api/generated/api";
import { addDays } from "./format";

export interface FollowUpGroups {
  overdue: FollowUp[];
  today: FollowUp[];
  upcoming: FollowUp[];
}

/** Sorts open follow-ups by due date relative to `today` (`YYYY-MM-DD`); done ones are left out. */
export function groupFollowUps(followUps: readonly FollowUp[], today: string): FollowUpGroups {
  const open = followUps.filter((followUp) => !followUp.done).sort((a, b) => a.due.localeCompare(b.due));
  return {
    overdue: open.filter((followUp) => followUp.due < today),
    today: open.filter((followUp) => followUp.due === today),
    upcoming: open.filter((followUp) => followUp.due > today),
  };
}

/**
 * The dates a follow-up can be snoozed to with one tap: tomorrow, and a week on — from its due
 * date when that is still ahead (due 9 Dec becomes 16 Dec), from today when it is due or overdue.
 */
export function snoozeDates(today: string, due: string = today): { tomorrow: string; nextWeek: string } {
  const from = due > today ? due : today;
  return { tomorrow: addDays(today, 1), nextWeek: addDays(from, 7) };
}
