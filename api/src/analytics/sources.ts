import { Prisma } from '@hro/db';
import type { AnalyticsFilter, SourceRow, SourcesResponse } from '@hro/domain';
import { rangeOf } from './filter';
import { deliveriesInRange, type AnalyticsDb } from './scope';

const TOP = 10;

interface SourceSqlRow {
  key: string | null;
  deliveries: number;
  unique_alerts: number;
  situations: number;
}

/** Top sources grouped by one key expression over the deliveries in range (`e`, `a`, `i`). */
function topBy(db: AnalyticsDb, f: AnalyticsFilter, key: Prisma.Sql): Promise<SourceSqlRow[]> {
  return db.$queryRaw<SourceSqlRow[]>(Prisma.sql`
    SELECT ${key} AS key, count(*)::int AS deliveries,
           count(DISTINCT e."alertId")::int AS unique_alerts,
           count(DISTINCT a."situationId")::int AS situations
    FROM ${deliveriesInRange(f)}
    GROUP BY 1 ORDER BY deliveries DESC, key NULLS LAST LIMIT ${TOP}`);
}

const toRow = (r: SourceSqlRow): SourceRow => ({
  key: r.key,
  deliveries: r.deliveries,
  uniqueAlerts: r.unique_alerts,
  situations: r.situations,
});

/** The noisiest services, alert names and integrations, and the alerts that flap most. */
export async function sources(db: AnalyticsDb, f: AnalyticsFilter): Promise<SourcesResponse> {
  const [services, names, integrations, flapping] = await Promise.all([
    topBy(db, f, Prisma.sql`a."service"`),
    topBy(db, f, Prisma.sql`a."name"`),
    topBy(db, f, Prisma.sql`COALESCE(i."name", e."source")`),
    db.$queryRaw<
      {
        id: string;
        name: string;
        service: string | null;
        flap_count: number;
        situation_id: string | null;
        flaps: number;
      }[]
    >(Prisma.sql`
      SELECT a."id", a."name", a."service", a."flapCount" AS flap_count, a."situationId" AS situation_id,
             count(*)::int AS flaps
      FROM ${deliveriesInRange(f)} AND e."kind" = 'refired'
      GROUP BY a."id" ORDER BY flaps DESC, a."name", a."id" LIMIT ${TOP}`),
  ]);
  return {
    range: rangeOf(f),
    services: services.map(toRow),
    alertNames: names.map(toRow),
    integrations: integrations.map(toRow),
    flapping: flapping.map((r) => ({
      alertId: r.id,
      name: r.name,
      service: r.service,
      flapsInRange: r.flaps,
      flapCount: r.flap_count,
      situationId: r.situation_id,
    })),
  };
}
