import type { PrismaClient } from '@hro/db';
import { Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth/middleware';
import { parseOr400 } from '../http/errors';

/** Setting key read by the workflow's execution gate (the global remediation switch). */
export const REMEDIATION_PAUSED_KEY = 'remediation.paused';

export const remediationPauseSchema = z.object({ paused: z.boolean() });

/** The switch as the API reports it. */
export interface RemediationPause {
  paused: boolean;
  updatedAt: string | null;
}

/** Reads `remediation.paused` (a JSON boolean, as the workers read it); absent means not paused. */
export async function readRemediationPause(prisma: PrismaClient): Promise<RemediationPause> {
  const row = await prisma.setting.findUnique({ where: { key: REMEDIATION_PAUSED_KEY } });
  return { paused: row?.value === true, updatedAt: row ? row.updatedAt.toISOString() : null };
}

/** `GET` (viewer) and `PUT` (admin) `/settings/remediation-pause`. */
export function createSettingsRouter(deps: { prisma: PrismaClient; logger: Logger }): Router {
  const router = Router();

  router.get('/settings/remediation-pause', requireRole('viewer'), async (_req, res) => {
    res.json(await readRemediationPause(deps.prisma));
  });

  router.put('/settings/remediation-pause', requireRole('admin'), async (req, res) => {
    const body = parseOr400(remediationPauseSchema, req.body, 'body');
    await deps.prisma.setting.upsert({
      where: { key: REMEDIATION_PAUSED_KEY },
      create: { key: REMEDIATION_PAUSED_KEY, value: body.paused },
      update: { value: body.paused, updatedAt: new Date() },
    });
    deps.logger.info({ paused: body.paused, by: actorOf(req).email }, 'remediation pause switch changed');
    res.json(await readRemediationPause(deps.prisma));
  });

  return router;
}
