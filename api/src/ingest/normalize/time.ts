import { IngestValidationError } from '../provider';

// Epoch magnitudes: a number below 1e11 is seconds (until the year 5138), below 1e14
// milliseconds, below 1e17 microseconds, otherwise nanoseconds. Vendors mix all four.
const SECONDS_LIMIT = 1e11;
const MILLIS_LIMIT = 1e14;
const MICROS_LIMIT = 1e17;

// ISO-8601 / RFC 3339 as vendors really send it: `T` or a space, optional seconds, any
// number of fractional digits (Go sends 9, .NET 7), and `Z`, `+01:00`, `+0100` or `+01`.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;
const NUMERIC = /^[+-]?\d+(\.\d+)?$/;
const MIN_MS = Date.UTC(1970, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function invalid(field: string, message: string): IngestValidationError {
  return new IngestValidationError([{ field, message }]);
}

function fromEpoch(n: number, field: string): string | undefined {
  if (!Number.isFinite(n) || n < 0) throw invalid(field, 'epoch time must be a non-negative finite number');
  // 0 is how several senders (Google Cloud's `ended_at`, Datadog templates) spell "not set".
  if (n === 0) return undefined;
  const abs = Math.abs(n);
  const ms = abs < SECONDS_LIMIT ? n * 1000 : abs < MILLIS_LIMIT ? n : abs < MICROS_LIMIT ? n / 1000 : n / 1_000_000;
  return toIso(Math.floor(ms), field);
}

function toIso(ms: number, field: string): string {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) throw invalid(field, 'time is out of range');
  return new Date(ms).toISOString();
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes);
}

function fromIsoString(text: string, field: string): string | undefined {
  const m = ISO.exec(text);
  if (!m) throw invalid(field, `unrecognised time ${JSON.stringify(text.slice(0, 64))}: expected ISO-8601 or epoch`);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  // Go's zero time (Alertmanager/Grafana `endsAt` while firing) means "no end yet".
  if (year <= 1) return undefined;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? '0');
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    throw invalid(field, `time ${JSON.stringify(text)} has an out-of-range component`);
  }
  const millis = Number((frac ?? '').padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millis);
  // Day overflow (e.g. 02-30) would silently roll over in Date.UTC: refuse it instead.
  if (new Date(local).getUTCDate() !== day) throw invalid(field, `time ${JSON.stringify(text)} is not a real date`);
  return toIso(local - offsetMinutes(zone) * 60_000, field);
}

/**
 * Parses any time form monitoring tools send — ISO-8601 with `Z`, `+01:00` or `+0100`
 * offsets and up to nanosecond fractions, epoch seconds/milliseconds/micro/nanoseconds as
 * numbers or numeric strings — into a UTC ISO string with millisecond precision.
 * Absent, empty, zero and Go-zero-time values yield undefined; anything else that does
 * not parse throws an IngestValidationError naming `field`.
 */
export function parseTime(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return fromEpoch(value, field);
  if (value instanceof Date) return toIso(value.getTime(), field);
  if (typeof value !== 'string') throw invalid(field, 'time must be a string or a number');
  const text = value.trim();
  if (text === '') return undefined;
  if (NUMERIC.test(text)) return fromEpoch(Number(text), field);
  return fromIsoString(text, field);
}
