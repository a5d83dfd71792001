import { Prisma } from '@hro/db';
import type { AnalyticsFilter, CompressionResponse } from '@hro/domain';
import { rangeOf } from './filter';
import { bucketOf, bucketSeries, deliveriesInRange, iso, situationsInRange, type AnalyticsDb } from './scope';

/** Per bucket: deliveries, unique alerts, situations opened, and alerts per situation. */
export async function compression(db: AnalyticsDb, f: AnalyticsFilter): Promise<CompressionResponse> {
  const rows = await db.$queryRaw<
    { at: Date; deliveries: number; unique_alerts: number; situations: number; ratio: number | null }[]
  >(Prisma.sql`
    WITH ev AS (
      SELECT ${bucketOf(f, Prisma.sql`e."at"`)} AS "at", count(*)::int AS deliveries,
             count(DISTINCT e."alertId")::int AS unique_alerts
      FROM ${deliveriesInRange(f)} GROUP BY 1
    ), sit AS (
      SELECT ${bucketOf(f, Prisma.sql`s."createdAt"`)} AS "at", count(*)::int AS situations
      FROM ${situationsInRange(f)} GROUP BY 1
    )
    SELECT b."at", COALESCE(ev.deliveries, 0) AS deliveries, COALESCE(ev.unique_alerts, 0) AS unique_alerts,
           COALESCE(sit.situations, 0) AS situations,
           COALESCE(ev.unique_alerts, 0)::float8 / NULLIF(sit.situations, 0) AS ratio
    FROM ${bucketSeries(f)}
    LEFT JOIN ev ON ev."at" = b."at"
    LEFT JOIN sit ON sit."at" = b."at"
    ORDER BY b."at"`);
  return {
    range: rangeOf(f),
    buckets: rows.map((r) => ({
      at: iso(r.at),
      deliveries: r.deliveries,
      uniqueAlerts: r.unique_alerts,
      situations: r.situations,
      compressionRatio: r.ratio,
    })),
  };
}
