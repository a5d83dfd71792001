import { Router } from 'express';
import { requireRole } from '../auth/middleware';
import type { AppDeps } from '../deps';
import { NotFoundError, parseOr400 } from '../http/errors';
import { toSituationDetail } from './situation-mapper';
import { previewPlan, planPreviewRequestSchema } from './plan-preview';
import { listSituations, loadSituationDetailRow, situationListQuerySchema } from './situation-query';

/** `GET /situations`, `GET /situations/:id` (viewer) and the plan dry-run (responder). */
export function createSituationsRouter(deps: Pick<AppDeps, 'prisma' | 'config'>): Router {
  const router = Router();

  router.get('/situations', requireRole('viewer'), async (req, res) => {
    const query = parseOr400(situationListQuerySchema, req.query, 'query');
    res.json(await listSituations(deps.prisma, query));
  });

  router.get('/situations/:id', requireRole('viewer'), async (req, res) => {
    const row = await loadSituationDetailRow(deps.prisma, req.params.id as string);
    if (!row) throw new NotFoundError(`Situation ${req.params.id} does not exist.`);
    res.json(toSituationDetail(row, deps.config.temporal));
  });

  router.post('/situations/:id/plan', requireRole('responder'), async (req, res) => {
    const body = parseOr400(planPreviewRequestSchema, req.body, 'body');
    res.json(await previewPlan(deps.prisma, req.params.id as string, body));
  });

  return router;
}
