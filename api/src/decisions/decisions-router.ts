import { decisionRequestSchema } from '@hro/domain';
import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth/middleware';
import { parseOr400, ValidationError } from '../http/errors';
import { closeSituation, decide, type DecisionDeps } from './decision-service';

/** Default bound for a decide/close round trip; the update waits until the approval is recorded. */
export const DECISION_TIMEOUT_MS = 15_000;

/** Body of `POST /situations/:id/close`. */
export const closeRequestSchema = z.object({ reason: z.string().max(2000).default('') });

// approve/reject take a DecisionRequest; the path fixes the decision, and a body that
// says otherwise is refused rather than silently flipped.
const pathDecisionSchema = decisionRequestSchema.extend({ decision: decisionRequestSchema.shape.decision.optional() });

/** Approve/reject (approver) and close (responder) a situation through its workflow. */
export function createDecisionsRouter(deps: DecisionDeps): Router {
  const router = Router();

  for (const decision of ['approve', 'reject'] as const) {
    router.post(`/situations/:id/${decision}`, requireRole('approver'), async (req, res) => {
      const body = parseOr400(pathDecisionSchema, req.body ?? {}, 'body');
      if (body.decision && body.decision !== decision) {
        throw new ValidationError([{ field: 'body.decision', message: `must be ${decision} on this route` }]);
      }
      const result = await decide(deps, req.params.id as string, { ...body, decision }, actorOf(req));
      res.json(result);
    });
  }

  router.post('/situations/:id/close', requireRole('responder'), async (req, res) => {
    const body = parseOr400(closeRequestSchema, req.body ?? {}, 'body');
    await closeSituation(deps, req.params.id as string, body.reason, actorOf(req));
    res.status(202).json({ accepted: true });
  });

  return router;
}
