import { Router } from 'express';
import { requireRole } from '../auth/middleware';
import { NotFoundError } from '../http/errors';
import { readCatalog } from './runbook-catalog';

/** `GET /runbooks` and `GET /runbooks/:id` (viewer): the catalog as the workers load it. */
export function createRunbooksRouter(deps: { runbooksDir: string }): Router {
  const router = Router();

  router.get('/runbooks', requireRole('viewer'), async (_req, res) => {
    res.json(await readCatalog(deps.runbooksDir));
  });

  router.get('/runbooks/:id', requireRole('viewer'), async (req, res) => {
    const { items } = await readCatalog(deps.runbooksDir);
    const runbook = items.find((r) => r.id === req.params.id);
    if (!runbook) throw new NotFoundError(`Runbook ${req.params.id} does not exist.`);
    res.json(runbook);
  });

  return router;
}
