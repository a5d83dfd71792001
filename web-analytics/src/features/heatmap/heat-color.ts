// A single-hue sequential scale (light → dark blue); empty cells are a neutral grey so
// "no alerts" reads differently from "few alerts".
const LOW = [222, 235, 247];
const HIGH = [8, 69, 148];

/** Fill for a cell holding `value` out of a maximum `max`. */
export function heatColor(value: number, max: number): string {
  if (value <= 0 || max <= 0) return '#f1f3f6';
  // sqrt keeps a single very noisy cell from washing out the rest.
  const t = Math.sqrt(value / max);
  const c = LOW.map((l, i) => Math.round(l + (HIGH[i]! - l) * t));
  return `rgb(${c.join(', ')})`;
}
