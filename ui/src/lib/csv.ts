// A table as CSV (RFC 4180), for the charts' "Download CSV": a field with a comma, a quote or a
// line break is quoted, quotes doubled; lines end in CRLF, so spreadsheets on every system read it.

export type Cell = string | number;

function field(cell: Cell): string {
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header row, then one row per entry. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(field).join(",")).join("\r\n") + "\r\n";
}
