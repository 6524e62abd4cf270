// Backups as the Devices screen lists them: why each was taken (from its file name, e.g.
// `handschlag-20261202-140300-123-manual.db`) and how big it is, in the user's language.
import { localeTag } from "./format";
import type { Locale } from "./i18n";

export const BACKUP_KINDS = ["manual", "daily", "before-migration", "before-restore"] as const;

export type BackupKind = (typeof BACKUP_KINDS)[number];

/** Why a backup was taken, read from its name; null for a name in another form. */
export function backupKind(name: string): BackupKind | null {
  const match = /^handschlag-\d{8}-\d{6}-\d{3}-([a-z-]+)\.db$/.exec(name);
  const word = match?.[1];
  return BACKUP_KINDS.find((kind) => kind === word) ?? null;
}

const UNITS = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;

/** A file size in decimal units: "512 byte", "84 kB", "1.2 MB" (en) or "1,2 MB" (de). */
export function formatSize(bytes: number, locale: Locale): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  // One decimal while it says something (1.2 MB), none for bytes or from 10 on (84 kB).
  const digits = unit > 0 && value < 10 ? 1 : 0;
  if (Number(value.toFixed(digits)) >= 1000 && unit < UNITS.length - 1) {
    value /= 1000; // 999.96 kB rounds to "1,000 kB": say 1 MB instead
    unit += 1;
  }
  return new Intl.NumberFormat(localeTag(locale), {
    style: "unit",
    unit: UNITS[unit],
    unitDisplay: "short",
    maximumFractionDigits: unit > 0 && value < 10 ? 1 : 0,
  }).format(value);
}
