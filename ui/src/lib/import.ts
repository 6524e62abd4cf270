// What the Import screen needs besides the core: a file's bytes as base64 for the API, where a
// card or row is in the user's language, and whether named columns are enough to import.
import type { ColumnMap, ImportField } from "./api/generated/api";
import type { Locale } from "./i18n";

/** Every field a column can fill, in the order the column-naming step offers them. */
export const IMPORT_FIELDS: readonly ImportField[] = [
  "name",
  "first-name",
  "last-name",
  "organization",
  "role",
  "phone",
  "email",
  "town",
  "notes",
  "tags",
];

/** The bytes of a file, base64 (RFC 4648), as `contact_import` takes them. */
export async function fileBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** "line 12" → "Zeile 12", "card 3" → "Karte 3", "after card 2" → "nach Karte 2" in German. */
export function placeText(at: string, locale: Locale): string {
  if (locale === "en") return at;
  return at.replace(/^after card/, "nach Karte").replace(/^card/, "Karte").replace(/^line/, "Zeile");
}

/** The columns named so far, as the API takes them; unnamed columns are left out. */
export function columnMap(named: Record<string, ImportField | "">): ColumnMap[] {
  return Object.entries(named)
    .filter((entry): entry is [string, ImportField] => entry[1] !== "")
    .map(([column, field]) => ({ column, field }));
}

/** Whether the named columns give each contact something to be found by. */
export function enoughToImport(map: ColumnMap[]): boolean {
  return map.some((m) => ["name", "first-name", "last-name", "email", "phone"].includes(m.field));
}
