import { Prisma } from '@hro/db';
import type { AnalyticsOptions } from '@hro/domain';
import type { AnalyticsDb } from './scope';

/** Every environment and service seen on an alert or a situation, sorted, for the filter pickers. */
export async function options(db: AnalyticsDb): Promise<AnalyticsOptions> {
  const rows = await db.$queryRaw<{ kind: 'environment' | 'service'; value: string }[]>(Prisma.sql`
    SELECT 'environment' AS kind, "environment" AS value FROM "Alert" WHERE "environment" IS NOT NULL
    UNION SELECT 'service', "service" FROM "Alert" WHERE "service" IS NOT NULL
    UNION SELECT 'environment', "environment" FROM "Situation" WHERE "environment" IS NOT NULL
    UNION SELECT 'service', "service" FROM "Situation" WHERE "service" IS NOT NULL
    ORDER BY 1, 2`);
  return {
    environments: rows.filter((r) => r.kind === 'environment').map((r) => r.value),
    services: rows.filter((r) => r.kind === 'service').map((r) => r.value),
  };
}
