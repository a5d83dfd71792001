import { Router, type Request } from 'express';
import { requireRole } from '../auth/middleware';
import { compression } from './compression';
import { parseAnalyticsQuery } from './filter';
import { funnel } from './funnel';
import { heatmap } from './heatmap';
import { live } from './live';
import { options } from './options';
import { safety } from './safety';
import type { AnalyticsDb } from './scope';
import { sources } from './sources';
import { speed } from './speed';
import { volume } from './volume';

export interface AnalyticsDeps {
  prisma: AnalyticsDb;
  /** Injectable clock so tests can pin "now" (default ranges, open stays, the live window). */
  now?: () => Date;
}

/**
 * `GET /analytics/{volume,speed,safety,sources,live,heatmap,funnel,compression,options}`
 * for any signed-in user (viewer and up). Query: from, to, environment, service, bucket.
 */
export function createAnalyticsRouter(deps: AnalyticsDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const db = deps.prisma;
  const filterOf = (req: Request) => parseAnalyticsQuery(req.query, now());

  router.use('/analytics', requireRole('viewer'), (_req, res, next) => {
    // Numbers move every second; never let a proxy or the browser serve a stale KPI.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.get('/analytics/volume', async (req, res) => void res.json(await volume(db, filterOf(req))));
  router.get('/analytics/speed', async (req, res) => void res.json(await speed(db, filterOf(req), now())));
  router.get('/analytics/safety', async (req, res) => void res.json(await safety(db, filterOf(req))));
  router.get('/analytics/sources', async (req, res) => void res.json(await sources(db, filterOf(req))));
  router.get('/analytics/heatmap', async (req, res) => void res.json(await heatmap(db, filterOf(req))));
  router.get('/analytics/funnel', async (req, res) => void res.json(await funnel(db, filterOf(req))));
  router.get('/analytics/compression', async (req, res) => void res.json(await compression(db, filterOf(req))));
  router.get('/analytics/live', async (req, res) => {
    const at = now();
    // from/to are accepted (the UI sends one query everywhere) but the window is always the last hour.
    res.json(await live(db, parseAnalyticsQuery(req.query, at), at));
  });
  router.get('/analytics/options', async (_req, res) => void res.json(await options(db)));
  return router;
}
