import { z } from 'zod';
import type { SituationState } from './situation';

/**
 * Analytics contracts (`GET /api/v1/analytics/*`), shared by the API and the React hub.
 *
 * Conventions: durations are seconds (float), ratios and shares are fractions 0..1, a
 * metric with nothing to measure is `null` (not 0), counts are integers. Alert-level
 * metrics count AlertEvent deliveries whose `at` is in [from, to); situation-level metrics
 * cover situations *created* in [from, to). `environment`/`service` filter on the alert's
 * or the situation's own columns.
 */

export const ANALYTICS_BUCKETS = ['minute', 'hour', 'day', 'week'] as const;
export type AnalyticsBucket = (typeof ANALYTICS_BUCKETS)[number];

/** Seconds per bucket; used to size trends and cap their length. */
export const BUCKET_SECONDS: Record<AnalyticsBucket, number> = {
  minute: 60,
  hour: 3600,
  day: 86_400,
  week: 604_800,
};

/** Longest range a query may span, and most buckets a trend may return. */
export const ANALYTICS_MAX_RANGE_DAYS = 400;
export const ANALYTICS_MAX_BUCKETS = 1000;

const isoInstant = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time, e.g. 2026-12-03T10:00:00Z' });

/** Raw query parameters as they arrive in the URL. */
export const analyticsQuerySchema = z
  .object({
    from: isoInstant.optional(),
    to: isoInstant.optional(),
    environment: z.string().trim().min(1).max(256).optional(),
    service: z.string().trim().min(1).max(256).optional(),
    bucket: z.enum(ANALYTICS_BUCKETS).optional(),
  })
  .strict();
export type AnalyticsQueryInput = z.infer<typeof analyticsQuerySchema>;

/** A validated query with defaults applied (what the SQL functions take). */
export interface AnalyticsFilter {
  from: Date;
  to: Date;
  environment: string | null;
  service: string | null;
  bucket: AnalyticsBucket;
}

/** Echo of the filter that produced a response, so a chart can label itself. */
export interface AnalyticsRange {
  from: string;
  to: string;
  environment: string | null;
  service: string | null;
  bucket: AnalyticsBucket;
}

/** Smallest bucket that keeps a range's trend readable (about 24–170 points). */
export function defaultBucket(from: Date, to: Date): AnalyticsBucket {
  const seconds = (to.getTime() - from.getTime()) / 1000;
  if (seconds <= 3 * 3600) return 'minute';
  if (seconds <= 7 * 86_400) return 'hour';
  if (seconds <= 120 * 86_400) return 'day';
  return 'week';
}

export interface VolumeResponse {
  range: AnalyticsRange;
  /** Every delivery the monitoring tools sent (fired, duplicate, refired, resolved, acknowledged). */
  alertsReceived: number;
  /** Distinct alerts (fingerprints) among those deliveries. */
  uniqueAlerts: number;
  /** Deliveries that were repeats of a firing alert (AlertEvent kind `duplicate`). */
  duplicates: number;
  situations: number;
  /** 1 − unique / received: the share of deliveries folded into alerts already known. */
  dedupRatio: number | null;
  /** unique alerts ÷ situations: how many alerts one situation stands for. */
  compressionRatio: number | null;
  /** 1 − situations / received: the share of deliveries a human never had to look at separately. */
  noiseReduction: number | null;
  autoResolved: number;
  /** auto_resolved situations ÷ situations. */
  autoResolvedShare: number | null;
}

export interface DurationStats {
  /** Number of situations (or decisions) measured. */
  count: number;
  avg: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

export interface StateTime {
  state: SituationState;
  /**
   * Stays in this state: a stay runs from a change into the state to the next change of state
   * (same-state transitions such as alert updates continue it); a situation can enter a state
   * more than once.
   */
  visits: number;
  totalSeconds: number;
  avgSeconds: number | null;
}

export interface SpeedBucket {
  /** Start of the bucket (UTC). */
  at: string;
  situations: number;
  mtta: number | null;
  mttr: number | null;
}

export interface SlowSituation {
  situationId: string;
  title: string;
  state: SituationState;
  /** First alert → first decision, or null when nobody decided. */
  ackSeconds: number | null;
  /** First alert → resolved, or null when not resolved by remediation. */
  resolveSeconds: number | null;
}

export interface SpeedResponse {
  range: AnalyticsRange;
  /** First alert → first human decision (earliest Approval, else decidedAt), over decided situations. */
  mtta: DurationStats;
  /** First alert → closed, over situations that ended `resolved` (fixed by a remediation). */
  mttr: DurationStats;
  /** Entering awaiting_approval (the start of that stay) → each decision (every approver counts). */
  approvalLatency: DurationStats;
  /** Time spent in each non-terminal state; the current stay counts until closedAt, else min(now, to). */
  timeInState: StateTime[];
  trend: SpeedBucket[];
  /** The slowest situations to resolve or acknowledge, worst first (max 5). */
  slowest: SlowSituation[];
}

export interface RunbookOutcomes {
  /** null in the `overall` row. */
  runbookId: string | null;
  /** Situations that had this runbook recommended or approved. */
  situations: number;
  /** Situations whose plan was approved and started executing. */
  executed: number;
  resolved: number;
  /** Verification failed: the fix ran but the alerts did not clear. */
  notFixed: number;
  rolledBack: number;
  rejected: number;
  expired: number;
  escalated: number;
  /** resolved ÷ (resolved + not_fixed + rolled_back): success of remediations that finished. */
  successRate: number | null;
  /** Compensation steps that ran (rollback work). */
  compensations: number;
}

export interface SafetyIncident {
  situationId: string;
  title: string;
  state: SituationState;
  runbookId: string | null;
  closedAt: string | null;
}

export interface SafetyResponse {
  range: AnalyticsRange;
  overall: RunbookOutcomes;
  perRunbook: RunbookOutcomes[];
  /** Latest situations that ended badly (not_fixed, rolled_back, rejected, expired), max 10. */
  incidents: SafetyIncident[];
}

export interface SourceRow {
  /** Service, alert name or integration name; null when the alert carries none. */
  key: string | null;
  deliveries: number;
  uniqueAlerts: number;
  situations: number;
}

export interface FlappingAlert {
  alertId: string;
  name: string;
  service: string | null;
  /** firing → resolved → firing cycles in the range (AlertEvent kind `refired`). */
  flapsInRange: number;
  /** Lifetime flap count of the alert. */
  flapCount: number;
  situationId: string | null;
}

export interface SourcesResponse {
  range: AnalyticsRange;
  /** Top 10 each, noisiest first. */
  services: SourceRow[];
  alertNames: SourceRow[];
  integrations: SourceRow[];
  flapping: FlappingAlert[];
}

export interface LiveMinute {
  at: string;
  deliveries: number;
}

export interface LiveResponse {
  /** Ignores from/to: always the 60 minutes up to `asOf` (filters still apply). */
  asOf: string;
  environment: string | null;
  service: string | null;
  minutes: LiveMinute[];
  lastHour: number;
  lastFiveMinutes: number;
  openSituations: number;
}

export interface HeatmapCell {
  service: string | null;
  /** Hour of day, UTC, 0–23. */
  hour: number;
  deliveries: number;
}

export interface HeatmapResponse {
  range: AnalyticsRange;
  /** Up to 12 services, noisiest first; every one has 24 cells. */
  services: (string | null)[];
  cells: HeatmapCell[];
}

export interface FunnelStage {
  state: SituationState;
  /** Situations created in range that ever reached this state. */
  situations: number;
}

export interface FunnelResponse {
  range: AnalyticsRange;
  total: number;
  stages: FunnelStage[];
}

export interface CompressionBucket {
  at: string;
  deliveries: number;
  uniqueAlerts: number;
  situations: number;
  compressionRatio: number | null;
}

export interface CompressionResponse {
  range: AnalyticsRange;
  buckets: CompressionBucket[];
}

/** The funnel's order: the happy path, then the ways out. */
export const FUNNEL_STATES: readonly SituationState[] = [
  'collecting',
  'recommending',
  'awaiting_approval',
  'executing',
  'verifying',
  'resolved',
  'auto_resolved',
  'not_fixed',
  'rolled_back',
  'rejected',
  'expired',
];

/** Values the filter controls offer (`GET /analytics/options`). */
export interface AnalyticsOptions {
  environments: string[];
  services: string[];
}
