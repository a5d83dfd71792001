import { Prisma } from '@hro/db';
import type { AnalyticsFilter, RunbookOutcomes, SafetyResponse, SituationState } from '@hro/domain';
import { rangeOf } from './filter';
import { iso, situationsInRange, type AnalyticsDb } from './scope';

interface OutcomeRow {
  overall: boolean;
  runbook_id: string | null;
  situations: number;
  executed: number;
  resolved: number;
  not_fixed: number;
  rolled_back: number;
  rejected: number;
  expired: number;
  escalated: number;
  success_rate: number | null;
  compensations: number;
}

/** The runbook a human approved (latest approval) wins over the one recommended; alias `s`. */
const effectiveRunbook = Prisma.sql`COALESCE((SELECT ap."runbookId" FROM "Approval" ap
  WHERE ap."situationId" = s."id" AND ap."decision" = 'approve'
  ORDER BY ap."createdAt" DESC LIMIT 1), s."runbookId")`;

function toOutcomes(r: OutcomeRow): RunbookOutcomes {
  return {
    runbookId: r.overall ? null : r.runbook_id,
    situations: r.situations,
    executed: r.executed,
    resolved: r.resolved,
    notFixed: r.not_fixed,
    rolledBack: r.rolled_back,
    rejected: r.rejected,
    expired: r.expired,
    escalated: r.escalated,
    successRate: r.success_rate,
    compensations: r.compensations,
  };
}

/** Remediation outcomes overall and per runbook, plus the latest situations that ended badly. */
export async function safety(db: AnalyticsDb, f: AnalyticsFilter): Promise<SafetyResponse> {
  const [outcomes, incidents] = await Promise.all([
    db.$queryRaw<OutcomeRow[]>(Prisma.sql`
      WITH sit AS (
        SELECT s."id", s."state", s."escalated",
               ${effectiveRunbook} AS runbook_id,
               (s."state" IN ('executing', 'verifying', 'resolved', 'not_fixed', 'rolled_back')
                 OR EXISTS (SELECT 1 FROM "SituationTransition" t
                             WHERE t."situationId" = s."id" AND t."toState" = 'executing')) AS executed,
               (s."state" = 'rejected'
                 OR EXISTS (SELECT 1 FROM "Approval" ap
                             WHERE ap."situationId" = s."id" AND ap."decision" = 'reject')) AS rejected,
               (SELECT count(*) FROM "ExecutionStep" x
                 WHERE x."situationId" = s."id" AND x."phase" = 'compensate'
                   AND x."status" NOT IN ('pending', 'skipped')) AS compensations
        FROM ${situationsInRange(f)}
      )
      SELECT GROUPING(runbook_id) = 1 AS overall, runbook_id,
             count(*)::int AS situations,
             (count(*) FILTER (WHERE executed))::int AS executed,
             (count(*) FILTER (WHERE "state" = 'resolved'))::int AS resolved,
             (count(*) FILTER (WHERE "state" = 'not_fixed'))::int AS not_fixed,
             (count(*) FILTER (WHERE "state" = 'rolled_back'))::int AS rolled_back,
             (count(*) FILTER (WHERE rejected))::int AS rejected,
             (count(*) FILTER (WHERE "state" = 'expired'))::int AS expired,
             (count(*) FILTER (WHERE "escalated"))::int AS escalated,
             (count(*) FILTER (WHERE "state" = 'resolved'))::float8
               / NULLIF(count(*) FILTER (WHERE "state" IN ('resolved', 'not_fixed', 'rolled_back')), 0) AS success_rate,
             COALESCE(sum(compensations), 0)::int AS compensations
      FROM sit
      GROUP BY GROUPING SETS ((runbook_id), ())
      -- Situations that never had a runbook only count in the overall row.
      HAVING GROUPING(runbook_id) = 1 OR runbook_id IS NOT NULL
      ORDER BY overall DESC, situations DESC, runbook_id`),
    db.$queryRaw<
      { id: string; title: string; state: SituationState; runbook_id: string | null; closed_at: Date | null }[]
    >(Prisma.sql`
      SELECT s."id", s."title", s."state", ${effectiveRunbook} AS runbook_id, s."closedAt" AS closed_at
      FROM ${situationsInRange(f)}
        AND s."state" IN ('not_fixed', 'rolled_back', 'rejected', 'expired')
      ORDER BY COALESCE(s."closedAt", s."updatedAt") DESC, s."id" LIMIT 10`),
  ]);
  const overall = outcomes.find((r) => r.overall);
  if (!overall) throw new Error('safety query returned no overall row');
  return {
    range: rangeOf(f),
    overall: toOutcomes(overall),
    perRunbook: outcomes.filter((r) => !r.overall).map(toOutcomes),
    incidents: incidents.map((r) => ({
      situationId: r.id,
      title: r.title,
      state: r.state,
      runbookId: r.runbook_id,
      closedAt: r.closed_at ? iso(r.closed_at) : null,
    })),
  };
}
