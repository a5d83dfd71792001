import { Prisma } from '@hro/db';
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/middleware';
import { hashToken, newToken } from '../auth/tokens';
import type { AppDeps } from '../deps';
import { ConflictError, HttpError, NotFoundError, ValidationError, parseOr400 } from '../http/errors';
import { fieldPath } from '../ingest/normalize/values';
import { providerFor, providerKinds } from '../ingest/providers/registry';

/** An integration as the API shows it; the token is only ever in create/rotate answers. */
export interface IntegrationView {
  id: string;
  name: string;
  kind: string;
  enabled: boolean;
  config: unknown;
  createdAt: string;
  ingestPath: string;
}

function view(i: { id: string; name: string; kind: string; enabled: boolean; config: unknown; createdAt: Date }) {
  const v: IntegrationView = {
    id: i.id,
    name: i.name,
    kind: i.kind,
    enabled: i.enabled,
    config: i.config,
    createdAt: i.createdAt.toISOString(),
    ingestPath: `/api/v1/ingest/${i.kind}`,
  };
  return v;
}

const kindSchema = z
  .string()
  .refine((k) => providerKinds().includes(k), {
    message: `unknown kind; one of: ${providerKinds().join(', ')}`,
  })
  .describe(`an ingest provider kind: ${providerKinds().join(', ')}`);
const configSchema = z.record(z.string(), z.unknown());
/** Request bodies of POST and PATCH /integrations (also documented in the OpenAPI document). */
export const integrationCreateSchema = z.object({
  name: z.string().trim().min(1).max(200),
  kind: kindSchema,
  config: configSchema.optional(),
});
export const integrationPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    enabled: z.boolean().optional(),
    config: configSchema.optional(),
  })
  .strict();
const idSchema = z.uuid();

/**
 * Validates `config` against the kind's provider schema (mapping, cloudwatch): 422 naming
 * `body.config.<field>`, so a broken config never reaches the first webhook. The config is
 * stored as sent (schemas may transform, e.g. parse JSON paths).
 */
function checkConfig(kind: string, config: unknown): void {
  const schema = providerFor(kind)?.configSchema;
  if (!schema) return;
  const result = schema.safeParse(config ?? {});
  if (result.success) return;
  throw new HttpError(
    422,
    'Invalid integration config',
    `The config is not valid for kind "${kind}"; see errors for the fields.`,
    result.error.issues.slice(0, 20).map((i) => ({ field: fieldPath(i.path, 'body.config'), message: i.message })),
  );
}

function uniqueName(err: unknown): never {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
    throw new ConflictError('An integration with this name exists.', [
      { field: 'body.name', message: 'already taken' },
    ]);
  }
  throw err;
}

/** Admin-only ingest integrations; tokens are shown once, only their sha256 is stored. */
export function integrationsRouter(deps: AppDeps): Router {
  const router = Router();
  const { prisma } = deps;
  router.use('/integrations', requireRole('admin'));

  router.get('/integrations', async (_req, res) => {
    const items = await prisma.integration.findMany({ orderBy: { createdAt: 'asc' } });
    res.json({ items: items.map(view), kinds: providerKinds() });
  });

  router.post('/integrations', async (req, res) => {
    const body = parseOr400(integrationCreateSchema, req.body, 'body');
    checkConfig(body.kind, body.config);
    const token = newToken('hro_ing_');
    const created = await prisma.integration
      .create({
        data: {
          name: body.name,
          kind: body.kind,
          tokenHash: hashToken(token),
          config: (body.config ?? {}) as Prisma.InputJsonValue,
        },
      })
      .catch(uniqueName);
    res.status(201).json({ integration: view(created), token });
  });

  router.post('/integrations/:id/rotate', async (req, res) => {
    const id = parseOr400(idSchema, req.params.id, 'params.id');
    const token = newToken('hro_ing_');
    const updated = await prisma.integration.updateMany({ where: { id }, data: { tokenHash: hashToken(token) } });
    if (updated.count === 0) throw new NotFoundError(`No integration ${id}.`);
    const integration = await prisma.integration.findUniqueOrThrow({ where: { id } });
    res.json({ integration: view(integration), token });
  });

  router.patch('/integrations/:id', async (req, res) => {
    const id = parseOr400(idSchema, req.params.id, 'params.id');
    const body = parseOr400(integrationPatchSchema, req.body ?? {}, 'body');
    if (Object.keys(body).length === 0) throw new ValidationError([{ field: 'body', message: 'nothing to change' }]);
    const exists = await prisma.integration.findUnique({ where: { id } });
    if (!exists) throw new NotFoundError(`No integration ${id}.`);
    if (body.config !== undefined) checkConfig(exists.kind, body.config);
    const updated = await prisma.integration
      .update({
        where: { id },
        data: {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
          ...(body.config !== undefined ? { config: body.config as Prisma.InputJsonValue } : {}),
        },
      })
      .catch(uniqueName);
    res.json({ integration: view(updated) });
  });

  // Deleting keeps the alerts (their integrationId becomes null); disabling is the softer option.
  router.delete('/integrations/:id', async (req, res) => {
    const id = parseOr400(idSchema, req.params.id, 'params.id');
    const deleted = await prisma.integration.deleteMany({ where: { id } });
    if (deleted.count === 0) throw new NotFoundError(`No integration ${id}.`);
    res.status(204).end();
  });

  return router;
}
