import { Prisma } from '@hro/db';
import { TERMINAL_STATES, type AnalyticsFilter, type LiveResponse } from '@hro/domain';
import { alertScope, iso, situationScope, type AnalyticsDb } from './scope';

/** Deliveries per minute over the 60 minutes up to `now` (the current minute included). */
export async function live(
  db: AnalyticsDb,
  f: Pick<AnalyticsFilter, 'environment' | 'service'>,
  now: Date = new Date(),
): Promise<LiveResponse> {
  const scope = { ...f, from: now, to: now, bucket: 'minute' as const };
  const [minutes, open] = await Promise.all([
    db.$queryRaw<{ at: Date; deliveries: number }[]>(Prisma.sql`
      WITH m AS (
        SELECT generate_series(date_trunc('minute', ${now}::timestamptz) - interval '59 minutes',
                               date_trunc('minute', ${now}::timestamptz), interval '1 minute') AS "at"
      ), ev AS (
        SELECT date_trunc('minute', e."at") AS "at"
        FROM "AlertEvent" e JOIN "Alert" a ON a."id" = e."alertId"
        WHERE e."at" >= date_trunc('minute', ${now}::timestamptz) - interval '59 minutes'
          AND e."at" <= ${now}::timestamptz ${alertScope(scope)}
      )
      SELECT m."at", count(ev."at")::int AS deliveries
      FROM m LEFT JOIN ev ON ev."at" = m."at"
      GROUP BY m."at" ORDER BY m."at"`),
    db.$queryRaw<{ open: number }[]>(Prisma.sql`
      SELECT count(*)::int AS open FROM "Situation" s
      WHERE s."state" <> ALL(${TERMINAL_STATES}::text[]) ${situationScope(scope)}`),
  ]);
  const series = minutes.map((r) => ({ at: iso(r.at), deliveries: r.deliveries }));
  const total = (rows: typeof series) => rows.reduce((n, r) => n + r.deliveries, 0);
  return {
    asOf: now.toISOString(),
    environment: f.environment,
    service: f.service,
    minutes: series,
    lastHour: total(series),
    lastFiveMinutes: total(series.slice(-5)),
    openSituations: open[0]?.open ?? 0,
  };
}
