import { PlanError, renderPlan, type Plan, type PlanContext, type Recommendation } from '@hro/domain';
import type { PrismaClient } from '@hro/db';
import { z } from 'zod';
import { HttpError, NotFoundError } from '../http/errors';

/** Body of `POST /situations/:id/plan`: the candidate and the parameters to render. */
export const planPreviewRequestSchema = z.object({
  runbookId: z.string().min(1),
  /** Omitted: the candidate's own parameters, exactly as the workflow's `decide` treats it. */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type PlanPreviewRequest = z.infer<typeof planPreviewRequestSchema>;

function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Labels every alert shares (the workflow's `commonLabels`), from the alert rows. */
function commonLabels(rows: { labels: unknown }[]): Record<string, string> {
  const [first, ...rest] = rows.map((r) => stringRecord(r.labels));
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((l) => l[k] === v)));
}

/**
 * The dry-run an approver edits: renders the candidate's runbook (as the recommendation
 * captured it, so the hash matches what the workflow validates) with the situation's
 * context. Bad parameters → 422 naming each one.
 */
export async function previewPlan(prisma: PrismaClient, situationId: string, req: PlanPreviewRequest): Promise<Plan> {
  const situation = await prisma.situation.findUnique({
    where: { id: situationId },
    select: { service: true, environment: true, recommendation: true, features: true },
  });
  if (!situation) throw new NotFoundError(`Situation ${situationId} does not exist.`);
  const recommendation = situation.recommendation as Recommendation | null;
  const candidate = recommendation?.candidates.find((c) => c.runbook.id === req.runbookId);
  if (!candidate) {
    throw new HttpError(422, 'Not a candidate', `Runbook ${req.runbookId} is not a candidate for this situation.`, [
      { field: 'body.runbookId', message: 'is not a candidate runbook of this situation' },
    ]);
  }
  // The projection stores the workflow's features (common labels); fall back to the rows.
  const features = situation.features as { labels?: unknown } | null;
  const labels = features?.labels
    ? stringRecord(features.labels)
    : commonLabels(await prisma.alert.findMany({ where: { situationId }, select: { labels: true } }));
  const ctx: PlanContext = { service: situation.service, environment: situation.environment, labels };
  try {
    // Same rule as the workflow's chosenPlan, so an approval of this preview matches its hash.
    return renderPlan(candidate.runbook, req.params ?? candidate.plan.params, ctx);
  } catch (err) {
    if (err instanceof PlanError) {
      throw new HttpError(
        422,
        'Invalid parameters',
        err.message,
        err.issues.map((i) => ({ field: `body.params.${i.param}`, message: i.message })),
      );
    }
    throw err;
  }
}
