// The value axis of a chart: from 0 to a round maximum in a few round steps (1, 2 or 5 times a
// power of ten), so gridlines read "0 · 500 · 1,000 · 1,500" rather than "0 · 417 · 834".

/** Round tick values from 0 up to at least `max`, about `count` steps. */
export function ticks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw) ?? 10 * power;
  const values = [];
  for (let value = 0; value < max + step; value += step) {
    values.push(value);
    if (value >= max) break;
  }
  return values;
}
