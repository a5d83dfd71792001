import { Prisma } from '@hro/db';
import { roleSchema } from '@hro/domain';
import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth/middleware';
import { hashPassword } from '../auth/password';
import type { SessionService } from '../auth/sessions';
import { userView } from '../auth/views';
import type { AppDeps } from '../deps';
import { ConflictError, NotFoundError, ValidationError, parseOr400 } from '../http/errors';

const password = z.string().min(12, 'at least 12 characters').max(1024);
/** Request bodies of POST and PATCH /users (also documented in the OpenAPI document). */
export const userCreateSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  name: z.string().trim().min(1).max(200),
  password,
  role: roleSchema,
});
export const userPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: roleSchema.optional(),
    password: password.optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
const idSchema = z.uuid();

/** Admin-only user management: `GET/POST /users`, `PATCH /users/:id`. Hashes never leave. */
export function usersRouter(deps: AppDeps, sessions: SessionService): Router {
  const router = Router();
  const { prisma } = deps;
  router.use('/users', requireRole('admin'));

  router.get('/users', async (_req, res) => {
    const users = await prisma.user.findMany({ orderBy: { createdAt: 'asc' } });
    res.json({ items: users.map(userView) });
  });

  router.post('/users', async (req, res) => {
    const body = parseOr400(userCreateSchema, req.body, 'body');
    try {
      const user = await prisma.user.create({
        data: { email: body.email, name: body.name, role: body.role, passwordHash: await hashPassword(body.password) },
      });
      res.status(201).json({ user: userView(user) });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
        throw new ConflictError('A user with this email exists.', [{ field: 'body.email', message: 'already taken' }]);
      }
      throw err;
    }
  });

  router.patch('/users/:id', async (req, res) => {
    const id = parseOr400(idSchema, req.params.id, 'params.id');
    const body = parseOr400(userPatchSchema, req.body ?? {}, 'body');
    if (Object.keys(body).length === 0) throw new ValidationError([{ field: 'body', message: 'nothing to change' }]);
    const user = await prisma.$transaction(async (tx) => {
      const current = await tx.user.findUnique({ where: { id } });
      if (!current) throw new NotFoundError(`No user ${id}.`);
      const losesAdmin = current.role === 'admin' && ((body.role && body.role !== 'admin') || body.disabled === true);
      if (losesAdmin) {
        const others = await tx.user.count({ where: { role: 'admin', disabled: false, id: { not: id } } });
        if (others === 0) throw new ConflictError('This is the last enabled admin; keep at least one.');
      }
      return tx.user.update({
        where: { id },
        data: {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.role !== undefined ? { role: body.role } : {}),
          ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
          ...(body.password !== undefined ? { passwordHash: await hashPassword(body.password) } : {}),
        },
      });
    });
    // Changed powers or credentials end existing sessions (except a pure rename).
    if (body.role !== undefined || body.disabled || body.password !== undefined) {
      if (user.id !== actorOf(req).userId || body.disabled) await sessions.revokeAll(user.id);
    }
    res.json({ user: userView(user) });
  });

  return router;
}
