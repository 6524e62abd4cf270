// Money, dates and times for display, and the parsing of what people type: all through `Intl`,
// in the user's language. Money on the wire is integer cents plus an ISO 4217 code; dates are
// `YYYY-MM-DD`; instants are UTC milliseconds.
import type { Locale } from "./i18n";

const DAY_MS = 86_400_000;

/** The BCP 47 tag the formatters use: German as in Germany, English with day-month order. */
export function localeTag(locale: Locale): string {
  return locale === "de" ? "de-DE" : "en-GB";
}

// Making an Intl formatter costs far more than using one, and a Dashboard formats a thousand
// values: each language and set of options gets one formatter, made when first asked for.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function reused<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let found = formatters.get(key) as T | undefined;
  if (found === undefined) {
    found = make();
    formatters.set(key, found);
  }
  return found;
}

/** The number formatter for a language and options, e.g. `{ style: "percent" }`. */
export function numberFormat(locale: Locale, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return reused(`number ${locale} ${JSON.stringify(options)}`, () => new Intl.NumberFormat(localeTag(locale), options));
}

function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return reused(`date ${locale} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(localeTag(locale), options));
}

/** `380000, "EUR"` → "3.800,00 €" (de) or "€3,800.00" (en). */
export function formatMoney(cents: number, currency: string, locale: Locale): string {
  try {
    return numberFormat(locale, { style: "currency", currency }).format(cents / 100);
  } catch {
    // An unknown currency code: still show the amount, with the code after it.
    return `${numberFormat(locale, { minimumFractionDigits: 2 }).format(cents / 100)} ${currency}`;
  }
}

/**
 * Reads an amount as typed, in either convention, into cents: "3800", "3.800", "3,800.50",
 * "3.800,50 €", "EUR 12,5". A separator followed by one or two final digits is the decimal mark;
 * any other is a thousands separator. Returns null for anything that is not an amount.
 */
export function parseAmount(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0'€$£]/g, "").replace(/^[A-Za-z]{3}|[A-Za-z]{3}$/g, "");
  if (!/^\d(?:[\d.,]*\d)?$/.test(cleaned)) return null;
  const decimal = /[.,](\d{1,2})$/.exec(cleaned);
  const whole = (decimal ? cleaned.slice(0, decimal.index) : cleaned).replace(/[.,]/g, "");
  const fraction = decimal ? decimal[1].padEnd(2, "0") : "00";
  const cents = Number(whole) * 100 + Number(fraction);
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Cents as an editable amount, e.g. 4050 → "40.50" (en) or "40,50" (de). */
export function amountInput(cents: number, locale: Locale): string {
  const text = (cents / 100).toFixed(2);
  return locale === "de" ? text.replace(".", ",") : text;
}

function utcDate(iso: string): number {
  const [year, month, day] = iso.split("-").map(Number);
  return Date.UTC(year, month - 1, day);
}

/** A calendar month, `YYYY-MM` → "Jul 2025" (en) or "Juli 2025" (de). */
export function formatMonth(month: string, locale: Locale): string {
  return dateFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" }).format(
    utcDate(`${month}-01`),
  );
}

/** A calendar date, `YYYY-MM-DD` → "Mon, 14 Jul 2025". */
export function formatDate(iso: string, locale: Locale): string {
  return dateFormat(locale, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(utcDate(iso));
}

/** An instant with date and time in the device's time zone. */
export function formatInstant(ms: number, locale: Locale, timeZone?: string): string {
  return dateFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(ms);
}

/** The calendar day of an instant in the device's time zone, e.g. "12 Jul 2025". */
export function formatDay(ms: number, locale: Locale): string {
  return dateFormat(locale, { dateStyle: "medium" }).format(ms);
}

/** The time of day of an instant, e.g. "14:02". */
export function formatTime(ms: number, locale: Locale): string {
  return dateFormat(locale, { timeStyle: "short" }).format(ms);
}

/** A local wall time `YYYY-MM-DDTHH:MM` as written, e.g. "Sat, 12 Jul 2025, 18:00". */
export function formatWallTime(local: string, locale: Locale): string {
  const [date, time = "00:00"] = local.split("T");
  const [hours, minutes] = time.split(":").map(Number);
  return dateFormat(locale, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
  }).format(utcDate(date) + (hours * 60 + minutes) * 60_000);
}

/** "5 minutes ago", "vor 2 Tagen": how long ago an instant was, in the largest fitting unit. */
export function formatAgo(ms: number, now: number, locale: Locale): string {
  const seconds = Math.round((ms - now) / 1000);
  const format = new Intl.RelativeTimeFormat(localeTag(locale), { numeric: "auto" });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, "minute");
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** The device's local calendar date, `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A calendar date moved by whole days. */
export function addDays(iso: string, days: number): string {
  return new Date(utcDate(iso) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The next full hour in local wall time, `YYYY-MM-DDTHH:MM`: a sensible start for a new event. */
export function nextFullHour(now: Date = new Date()): string {
  const next = new Date(now.getTime());
  next.setMinutes(60, 0, 0);
  return `${todayIso(next)}T${pad(next.getHours())}:00`;
}

/** The browser's IANA time zone, e.g. `Europe/Berlin`. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
