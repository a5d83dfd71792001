import { Prisma } from '@hro/db';
import { FUNNEL_STATES, type AnalyticsFilter, type FunnelResponse, type SituationState } from '@hro/domain';
import { rangeOf } from './filter';
import { situationsInRange, type AnalyticsDb } from './scope';

/** How many situations created in range ever reached each state. */
export async function funnel(db: AnalyticsDb, f: AnalyticsFilter): Promise<FunnelResponse> {
  const rows = await db.$queryRaw<{ state: SituationState; situations: number; total: number }[]>(Prisma.sql`
    WITH sit AS (SELECT s."id", s."state" FROM ${situationsInRange(f)}),
    reached AS (
      -- Every situation starts collecting; the current state and every transition count too,
      -- so a gap in the projected transitions cannot make the funnel shrink wrongly.
      SELECT "id", 'collecting' AS state FROM sit
      UNION SELECT "id", "state" FROM sit
      UNION SELECT t."situationId", t."toState" FROM "SituationTransition" t JOIN sit ON sit."id" = t."situationId"
    )
    SELECT st.state, count(reached."id")::int AS situations, (SELECT count(*) FROM sit)::int AS total
    FROM unnest(${FUNNEL_STATES}::text[]) WITH ORDINALITY AS st(state, ord)
    LEFT JOIN reached ON reached.state = st.state
    GROUP BY st.state, st.ord ORDER BY st.ord`);
  return {
    range: rangeOf(f),
    total: rows[0]?.total ?? 0,
    stages: rows.map((r) => ({ state: r.state, situations: r.situations })),
  };
}
