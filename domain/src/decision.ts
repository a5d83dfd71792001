import { z } from 'zod';
import { roleSchema } from './auth';
import type { SituationState } from './situation';

/**
 * A human decision as sent to the situation workflow's `decide` update. The API has
 * authenticated the actor; the workflow's validator re-checks role, state and plan hash.
 */
export const decisionRequestSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  planHash: z.string().regex(/^[0-9a-f]{64}$/, 'planHash must be a hex sha256'),
  reason: z.string().max(2000).default(''),
  /** Approve an alternative candidate or edited parameters; omitted means the shown plan. */
  runbookId: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type DecisionRequest = z.infer<typeof decisionRequestSchema>;

export const decisionUpdateSchema = decisionRequestSchema.extend({
  actor: z.object({ userId: z.string(), email: z.string(), role: roleSchema }),
  decidedAt: z.string(),
});
export type DecisionUpdate = z.infer<typeof decisionUpdateSchema>;

/** The workflow's definite answer to a decision. */
export interface DecisionResult {
  accepted: boolean;
  /** Approvals still needed before execution starts (four-eyes). */
  approvalsRemaining: number;
  state: SituationState;
}
