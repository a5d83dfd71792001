import { Prisma, type PrismaClient } from '@hro/db';
import type { AnalyticsFilter } from '@hro/domain';

/** All the analytics queries need: raw SQL through Prisma's tagged templates. */
export type AnalyticsDb = Pick<PrismaClient, '$queryRaw'>;

// Every value below is a bound parameter; the aliases (a = Alert, s = Situation) are fixed
// in the SQL text of the callers, never interpolated.

/** `AND` clause restricting alias `a` ("Alert") to the filter's environment/service. */
export function alertScope(f: AnalyticsFilter): Prisma.Sql {
  return Prisma.sql`AND (${f.environment}::text IS NULL OR a."environment" = ${f.environment}::text)
    AND (${f.service}::text IS NULL OR a."service" = ${f.service}::text)`;
}

/** `AND` clause restricting alias `s` ("Situation") to the filter's environment/service. */
export function situationScope(f: AnalyticsFilter): Prisma.Sql {
  return Prisma.sql`AND (${f.environment}::text IS NULL OR s."environment" = ${f.environment}::text)
    AND (${f.service}::text IS NULL OR s."service" = ${f.service}::text)`;
}

/**
 * Deliveries (AlertEvent `e`, its Alert `a`, its Integration `i` if any) in [from, to)
 * within the scope. Postgres drops the unused left join on a primary key for free.
 */
export function deliveriesInRange(f: AnalyticsFilter): Prisma.Sql {
  return Prisma.sql`"AlertEvent" e JOIN "Alert" a ON a."id" = e."alertId"
    LEFT JOIN "Integration" i ON i."id" = e."integrationId"
    WHERE e."at" >= ${f.from}::timestamptz AND e."at" < ${f.to}::timestamptz ${alertScope(f)}`;
}

/** Situations `s` created in [from, to) within the scope. */
export function situationsInRange(f: AnalyticsFilter): Prisma.Sql {
  return Prisma.sql`"Situation" s
    WHERE s."createdAt" >= ${f.from}::timestamptz AND s."createdAt" < ${f.to}::timestamptz ${situationScope(f)}`;
}

/**
 * Bucket starts covering [from, to), aligned to UTC calendar units, as `b("at")`. The
 * series steps in UTC wall time so a session time zone with DST cannot skew the buckets.
 */
export function bucketSeries(f: AnalyticsFilter): Prisma.Sql {
  return Prisma.sql`(
    SELECT g AT TIME ZONE 'UTC' AS "at"
    FROM generate_series(
      date_trunc(${f.bucket}::text, ${f.from}::timestamptz AT TIME ZONE 'UTC'),
      (${f.to}::timestamptz AT TIME ZONE 'UTC') - interval '1 millisecond',
      ${`1 ${f.bucket}`}::interval) AS g
  ) AS b`;
}

/** The bucket start of a timestamp expression, matching bucketSeries. */
export function bucketOf(f: AnalyticsFilter, column: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`date_trunc(${f.bucket}::text, ${column}, 'UTC')`;
}

/** ISO string of a timestamptz column as returned by the pg adapter. */
export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
