import type { PrismaClient } from '@hro/db';
import {
  TERMINAL_STATES,
  type PlanContext,
  type Recommendation,
  type SituationFeatures,
  type SituationState,
} from '@hro/domain';
import type { Catalog } from '../catalog';
import { rankCandidates, type PastSituation, type SkippedCandidate } from './ranking';

export * from './ranking';
export * from './similarity';

/** Input of the `recommend` activity. */
export interface RecommendInput {
  situationId: string;
  features: SituationFeatures;
  context: PlanContext;
}

/** A Recommendation plus the applicable runbooks that could not be planned, and why. */
export interface RecommendationResult extends Recommendation {
  skipped: SkippedCandidate[];
}

/** Bound on history read per recommendation: the newest finished situations only. */
export const HISTORY_LIMIT = 500;

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The `features` JSON column, if it has the SituationFeatures shape. */
export function asFeatures(v: unknown): SituationFeatures | null {
  if (typeof v !== 'object' || v === null) return null;
  const f = v as Record<string, unknown>;
  const labels = f.labels;
  const labelsOk =
    typeof labels === 'object' && labels !== null && Object.values(labels).every((x) => typeof x === 'string');
  if (!isStrings(f.alertNames) || !isStrings(f.services) || !isStrings(f.environments) || !labelsOk) return null;
  return {
    alertNames: f.alertNames,
    services: f.services,
    environments: f.environments,
    labels: labels as Record<string, string>,
    text: typeof f.text === 'string' ? f.text : '',
  };
}

/** Recommendation activities: rank catalog runbooks by outcome evidence from Postgres. */
export function createRecommendationActivities(deps: { prisma: PrismaClient; catalog: Catalog; clock?: () => Date }): {
  recommend(input: RecommendInput): Promise<RecommendationResult>;
} {
  const clock = deps.clock ?? (() => new Date());
  return {
    async recommend(input: RecommendInput): Promise<RecommendationResult> {
      const runbooks = deps.catalog.list();
      // Only finished situations that used a current candidate runbook can be evidence;
      // the state index and `take` keep this bounded however long history grows.
      const rows = await deps.prisma.situation.findMany({
        where: {
          state: { in: [...TERMINAL_STATES] },
          runbookId: { in: runbooks.map((r) => r.id) },
          id: { not: input.situationId },
        },
        orderBy: { updatedAt: 'desc' },
        take: HISTORY_LIMIT,
        select: { id: true, title: true, state: true, runbookId: true, features: true, closedAt: true },
      });
      const history: PastSituation[] = [];
      for (const row of rows) {
        const features = asFeatures(row.features);
        if (!features) continue; // rows projected before features existed say nothing
        history.push({
          id: row.id,
          title: row.title,
          state: row.state as SituationState,
          runbookId: row.runbookId,
          features,
          closedAt: row.closedAt,
        });
      }
      const { candidates, skipped } = rankCandidates({
        features: input.features,
        context: input.context,
        runbooks,
        history,
      });
      return { candidates, skipped, generatedAt: clock().toISOString() };
    },
  };
}
