import type { Severity } from '@hro/domain';
import { IngestValidationError } from '../provider';

/** A vendor's severity vocabulary (lower-cased) mapped onto the four canonical severities. */
export type SeverityTable = Readonly<Record<string, Severity>>;

/**
 * The words people put in `severity`/`priority` labels (Prometheus rules, Grafana labels,
 * custom scripts). SEV numbers follow the incident convention: SEV0/SEV1 are the worst.
 */
export const GENERIC_SEVERITY: SeverityTable = {
  critical: 'critical',
  crit: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  emerg: 'critical',
  disaster: 'critical',
  page: 'critical',
  // syslog's "alert" ranks between emergency and critical.
  alert: 'critical',
  p0: 'critical',
  p1: 'critical',
  sev0: 'critical',
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
  moderate: 'warning',
  minor: 'warning',
  average: 'warning',
  p3: 'warning',
  sev3: 'warning',
  info: 'info',
  informational: 'info',
  information: 'info',
  notice: 'info',
  low: 'info',
  debug: 'info',
  verbose: 'info',
  none: 'info',
  ok: 'info',
  p4: 'info',
  p5: 'info',
  sev4: 'info',
  sev5: 'info',
};

/** PagerDuty Events API v2 `payload.severity` (the API accepts exactly these four). */
export const PAGERDUTY_SEVERITY: SeverityTable = {
  critical: 'critical',
  error: 'high',
  warning: 'warning',
  info: 'info',
};

/** Datadog monitor priority (`$ALERT_PRIORITY`) P1–P5. */
export const DATADOG_PRIORITY: SeverityTable = { p1: 'critical', p2: 'high', p3: 'warning', p4: 'info', p5: 'info' };

/** Datadog `$ALERT_TYPE` when the monitor has no priority; `success` is a recovery. */
export const DATADOG_ALERT_TYPE: SeverityTable = { error: 'high', warning: 'warning', info: 'info' };

/** Azure Monitor Sev0 (critical) … Sev4 (verbose). */
export const AZURE_SEVERITY: SeverityTable = {
  sev0: 'critical',
  sev1: 'high',
  sev2: 'warning',
  sev3: 'info',
  sev4: 'info',
};

/** Google Cloud Monitoring policy severity; a policy without one fired all the same. */
export const GOOGLE_SEVERITY: SeverityTable = {
  critical: 'critical',
  error: 'high',
  warning: 'warning',
  'no severity': 'warning',
};

/** CloudWatch alarms carry no severity: the alarm state decides (ALARM is configurable). */
export const CLOUDWATCH_STATE_SEVERITY: SeverityTable = { alarm: 'high', insufficient_data: 'warning' };

/** Looks a vendor value up case-insensitively; undefined when absent or unknown. */
export function lookupSeverity(table: SeverityTable, value: unknown): Severity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const key = String(value).trim().toLowerCase();
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Like lookupSeverity, but an unknown (present) value is a 400 naming the field. */
export function requireSeverity(table: SeverityTable, value: unknown, field: string): Severity {
  const found = lookupSeverity(table, value);
  if (found === undefined) {
    const allowed = Object.keys(table).join(', ');
    throw new IngestValidationError([
      { field, message: `unknown severity ${JSON.stringify(value)}; expected one of ${allowed}` },
    ]);
  }
  return found;
}
