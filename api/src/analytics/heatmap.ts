import { Prisma } from '@hro/db';
import type { AnalyticsFilter, HeatmapResponse } from '@hro/domain';
import { rangeOf } from './filter';
import { deliveriesInRange, type AnalyticsDb } from './scope';

const TOP_SERVICES = 12;

/** Deliveries per service × hour of day (UTC) for the noisiest services in range. */
export async function heatmap(db: AnalyticsDb, f: AnalyticsFilter): Promise<HeatmapResponse> {
  const rows = await db.$queryRaw<{ service: string | null; hour: number; deliveries: number }[]>(Prisma.sql`
    -- Aggregate first: the grid join below then touches at most services × 24 rows.
    WITH ev AS (
      SELECT a."service", extract(hour FROM e."at" AT TIME ZONE 'UTC')::int AS hour, count(*)::int AS n
      FROM ${deliveriesInRange(f)}
      GROUP BY 1, 2
    ), top AS (
      SELECT "service", sum(n) AS total FROM ev GROUP BY "service"
      ORDER BY total DESC, "service" NULLS LAST LIMIT ${TOP_SERVICES}
    )
    SELECT top."service", h.hour::int AS hour, COALESCE(ev.n, 0)::int AS deliveries
    FROM top CROSS JOIN generate_series(0, 23) AS h(hour)
    LEFT JOIN ev ON ev."service" IS NOT DISTINCT FROM top."service" AND ev.hour = h.hour
    ORDER BY top.total DESC, top."service" NULLS LAST, h.hour`);
  const services: (string | null)[] = [];
  for (const r of rows) if (!services.includes(r.service)) services.push(r.service);
  return { range: rangeOf(f), services, cells: rows };
}
