// Turns the core's QR modules (one string per row, '1' dark) into horizontal runs of dark
// modules, so the SVG needs one <rect> per run rather than one per module.

export interface Run {
  x: number;
  y: number;
  width: number;
}

export function darkRuns(rows: readonly string[]): Run[] {
  const runs: Run[] = [];
  rows.forEach((row, y) => {
    let start = -1;
    for (let x = 0; x <= row.length; x += 1) {
      const dark = row[x] === "1";
      if (dark && start < 0) start = x;
      if (!dark && start >= 0) {
        runs.push({ x: start, y, width: x - start });
        start = -1;
      }
    }
  });
  return runs;
}
