import { Prisma } from '@hro/db';
import type { AnalyticsFilter, VolumeResponse } from '@hro/domain';
import { rangeOf } from './filter';
import { deliveriesInRange, situationsInRange, type AnalyticsDb } from './scope';

interface VolumeRow {
  received: number;
  unique_alerts: number;
  duplicates: number;
  situations: number;
  auto_resolved: number;
  dedup_ratio: number | null;
  compression_ratio: number | null;
  noise_reduction: number | null;
  auto_resolved_share: number | null;
}

/** Deliveries vs. unique alerts vs. situations: how much noise dedup and grouping remove. */
export async function volume(db: AnalyticsDb, f: AnalyticsFilter): Promise<VolumeResponse> {
  const rows = await db.$queryRaw<VolumeRow[]>(Prisma.sql`
    WITH ev AS (
      SELECT count(*)::int AS received,
             count(DISTINCT e."alertId")::int AS unique_alerts,
             (count(*) FILTER (WHERE e."kind" = 'duplicate'))::int AS duplicates
      FROM ${deliveriesInRange(f)}
    ), sit AS (
      SELECT count(*)::int AS situations,
             (count(*) FILTER (WHERE s."state" = 'auto_resolved'))::int AS auto_resolved
      FROM ${situationsInRange(f)}
    )
    SELECT ev.*, sit.*,
           1 - ev.unique_alerts::float8 / NULLIF(ev.received, 0) AS dedup_ratio,
           ev.unique_alerts::float8 / NULLIF(sit.situations, 0) AS compression_ratio,
           -- GREATEST ignores NULL, so the empty case is spelled out.
           CASE WHEN ev.received > 0 THEN GREATEST(0, 1 - sit.situations::float8 / ev.received) END AS noise_reduction,
           sit.auto_resolved::float8 / NULLIF(sit.situations, 0) AS auto_resolved_share
    FROM ev, sit`);
  const r = rows[0];
  if (!r) throw new Error('volume query returned no row');
  return {
    range: rangeOf(f),
    alertsReceived: r.received,
    uniqueAlerts: r.unique_alerts,
    duplicates: r.duplicates,
    situations: r.situations,
    dedupRatio: r.dedup_ratio,
    compressionRatio: r.compression_ratio,
    noiseReduction: r.noise_reduction,
    autoResolved: r.auto_resolved,
    autoResolvedShare: r.auto_resolved_share,
  };
}
