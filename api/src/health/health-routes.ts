import { Router } from 'express';
import type { AppDeps } from '../deps';
import { sendProblem } from '../http/problem';
import { withTemporalDeadline } from '../temporal';

const CHECK_TIMEOUT_MS = 2_000;

function timeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** `/healthz` (the process is alive) and `/readyz` (Postgres and Temporal answer). */
export function healthRouter(deps: AppDeps): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const checks = await Promise.all([
      timeout(deps.prisma.$queryRaw`SELECT 1`, CHECK_TIMEOUT_MS, 'postgres').then(
        () => ({ name: 'postgres', ok: true, error: undefined as string | undefined }),
        (err: Error) => ({ name: 'postgres', ok: false, error: err.message }),
      ),
      timeout(
        withTemporalDeadline(deps.temporal, CHECK_TIMEOUT_MS, () =>
          deps.temporal.connection.workflowService.getSystemInfo({}),
        ),
        CHECK_TIMEOUT_MS + 500,
        'temporal',
      ).then(
        () => ({ name: 'temporal', ok: true, error: undefined as string | undefined }),
        (err: Error) => ({ name: 'temporal', ok: false, error: err.message }),
      ),
    ]);
    const down = checks.filter((c) => !c.ok);
    if (down.length === 0) {
      res.json({ status: 'ready', checks: Object.fromEntries(checks.map((c) => [c.name, 'ok'])) });
      return;
    }
    sendProblem(res, {
      status: 503,
      title: 'Not ready',
      detail: `Unreachable: ${down.map((c) => c.name).join(', ')}.`,
      errors: down.map((c) => ({ field: c.name, message: c.error ?? 'down' })),
    });
  });

  return router;
}
