import { canonicalAlertSchema, type CanonicalAlert, type Severity } from '@hro/domain';
import { IngestValidationError } from './provider';

// Shared by provider normalizers: timestamps, severity words, final canonical check.

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 timestamp with up to 9 fractional digits (Go's time.Time, as sent by
 * Alertmanager) into a millisecond-precision ISO string. Go's zero time
 * (`0001-01-01T00:00:00Z`) means "unset" and yields undefined. Throws on anything else.
 */
export function parseTimestamp(value: string, field: string): string | undefined {
  const m = RFC3339.exec(value);
  if (!m) throw new IngestValidationError([{ field, message: 'must be an RFC 3339 timestamp' }]);
  if (m[1] === '0001') return undefined;
  const frac = (m[7] ?? '').padEnd(3, '0').slice(0, 3);
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${frac}${m[8]!.toUpperCase()}`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new IngestValidationError([{ field, message: 'is not a valid date' }]);
  return new Date(ms).toISOString();
}

const SEVERITY_WORDS: Record<string, Severity> = {
  critical: 'critical',
  crit: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  alert: 'critical',
  page: 'critical',
  p1: 'critical',
  sev1: 'critical',
  high: 'high',
  error: 'high',
  err: 'high',
  major: 'high',
  p2: 'high',
  sev2: 'high',
  warning: 'warning',
  warn: 'warning',
  medium: 'warning',
  minor: 'warning',
  p3: 'warning',
  sev3: 'warning',
  info: 'info',
  informational: 'info',
  notice: 'info',
  low: 'info',
  none: 'info',
  debug: 'info',
  ok: 'info',
  p4: 'info',
  p5: 'info',
  sev4: 'info',
};

/** Maps a tool's severity word to a canonical severity; unknown or missing → `warning`. */
export function mapSeverity(word: string | undefined): Severity {
  if (!word) return 'warning';
  return SEVERITY_WORDS[word.trim().toLowerCase()] ?? 'warning';
}

/** Validates a built alert against the canonical schema, naming fields under `prefix`. */
export function checkCanonical(alert: CanonicalAlert, prefix: string): CanonicalAlert {
  const r = canonicalAlertSchema.safeParse(alert);
  if (!r.success) {
    throw new IngestValidationError(
      r.error.issues.map((i) => ({
        field: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
        message: i.message,
      })),
    );
  }
  return r.data;
}

/** Field errors from a zod error, paths joined with dots. */
export function zodIngestErrors(
  issues: { path: PropertyKey[]; message: string; code?: string; keys?: string[] }[],
): IngestValidationError {
  // Unknown keys are reported against each key, so the sender sees which field to drop.
  const flat = issues.flatMap((i) =>
    i.code === 'unrecognized_keys' && i.keys?.length
      ? i.keys.map((k) => ({ path: [...i.path, k], message: 'is not a known field' }))
      : [{ path: i.path, message: i.message }],
  );
  return new IngestValidationError(
    flat.map((i) => ({ field: i.path.map(String).join('.') || '(body)', message: i.message })),
  );
}
