// When a keep-in-touch reminder is due, in words: "due since 12 Nov (10 days)", "due today",
// "due Thu, 10 Dec 2026".
import type { KeepInTouch } from "./api/generated/api";
import { formatDate } from "./format";
import type { Locale, Messages } from "./i18n";

/** The due date as the user's calendar day. */
function dueDay(dueAt: number): string {
  const due = new Date(dueAt);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${due.getFullYear()}-${pad(due.getMonth() + 1)}-${pad(due.getDate())}`;
}

export function dueText(k: Pick<KeepInTouch, "dueAt" | "overdueDays">, t: Messages, locale: Locale): string {
  const date = formatDate(dueDay(k.dueAt), locale);
  if (k.overdueDays > 0) return t.cadence.overdue(date, k.overdueDays);
  return k.overdueDays === 0 ? t.cadence.dueToday : t.cadence.dueOn(date);
}
