import type { AnalyticsBucket } from '@hro/domain';

// Numbers as people read them. Every formatter shows "—" for a metric with nothing to
// measure (null), never a misleading 0.
export const NONE = '—';
const LOCALE = 'en-US';

const countFmt = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const compactFmt = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1 });

/** 1234 → "1,234"; 12345 → "12.3K". */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return NONE;
  return Math.abs(n) >= 10_000 ? compactFmt.format(n) : countFmt.format(n);
}

/** 0.4567 → "45.7%"; exact 0 and 1 print without decimals. */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return NONE;
  const pct = fraction * 100;
  const digits = Number.isInteger(Math.round(pct * 10) / 10) ? 0 : 1;
  return `${pct.toFixed(digits)}%`;
}

/** "1 situation", "2 situations" (with the count formatted). */
export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** A plain quantity with at most one decimal: 0.714 → "0.7", 4 → "4". */
export function formatDecimal(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return NONE;
  return Number.isInteger(x) ? countFmt.format(x) : x.toFixed(1);
}

/** Alerts per situation: 4.25 → "4.3 : 1". */
export function formatRatio(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return NONE;
  const digits = r >= 100 || Number.isInteger(r) ? 0 : 1;
  return `${r.toFixed(digits)} : 1`;
}

/**
 * Seconds → the two largest units: 0.4 → "<1 s", 42 → "42 s", 754 → "12 min 34 s",
 * 3720 → "1 h 2 min", 90000 → "1 d 1 h".
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return NONE;
  if (seconds < 0) return NONE;
  if (seconds < 1) return '<1 s';
  const s = Math.round(seconds);
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['min', 60],
    ['s', 1],
  ];
  const parts: string[] = [];
  let rest = s;
  let taken = 0;
  for (const [label, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (taken === 0 && n === 0) continue; // leading zero units say nothing
    if (n > 0) parts.push(`${n} ${label}`);
    if (++taken === 2) break; // the largest unit and the next one are precise enough
  }
  return parts.join(' ');
}

/** Seconds → minutes as a plain number for chart axes (null stays null). */
export function toMinutes(seconds: number | null): number | null {
  return seconds === null ? null : Math.round((seconds / 60) * 10) / 10;
}

const timeFmt = new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' });
const dayFmt = new Intl.DateTimeFormat(LOCALE, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayTimeFmt = new Intl.DateTimeFormat(LOCALE, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: 'UTC',
});

/** A bucket start as an axis label: "14:05" for minutes/hours, "Nov 2" for days/weeks (UTC). */
export function formatBucket(iso: string, bucket: AnalyticsBucket): string {
  const d = new Date(iso);
  return bucket === 'minute' || bucket === 'hour' ? timeFmt.format(d) : dayFmt.format(d);
}

/** A moment for tables and tooltips: "Nov 2, 14:05 UTC". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return NONE;
  return `${dayTimeFmt.format(new Date(iso))} UTC`;
}

/** snake_case state → "awaiting approval". */
export function formatState(state: string): string {
  return state.replace(/_/g, ' ');
}
