import { Router, type CookieOptions } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { HttpError, UnauthorizedError, parseOr400 } from '../http/errors';
import { sessionToken } from './credentials';
import { actorOf, requireRole } from './middleware';
import { dummyPasswordHash, verifyPassword } from './password';
import { TokenBucketLimiter } from './rate-limit';
import { SESSION_COOKIE, type SessionService } from './sessions';
import { userView, type LoginResponse } from './views';

/** Request body of POST /auth/login (also documented in the OpenAPI document). */
export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

/** `/auth/login`, `/auth/logout`, `/auth/me`. */
export function authRouter(deps: AppDeps, sessions: SessionService): Router {
  const router = Router();
  // Burst of 10 attempts, then one every 6 s, per email and per client IP (documented in docs/api.md).
  const byEmail = new TokenBucketLimiter(10, 1 / 6);
  const byIp = new TokenBucketLimiter(30, 1 / 2);
  const cookie = (maxAge?: number): CookieOptions => ({
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.cookieSecure,
    path: '/',
    ...(maxAge !== undefined ? { maxAge } : {}),
  });

  router.post('/auth/login', async (req, res) => {
    const body = parseOr400(loginSchema, req.body, 'body');
    const wait = Math.max(byEmail.take(body.email), byIp.take(req.ip ?? 'unknown'));
    if (wait > 0) {
      throw new HttpError(429, 'Too many login attempts', `Try again in ${wait} s.`, undefined, {
        'Retry-After': String(wait),
      });
    }
    const user = await deps.prisma.user.findUnique({ where: { email: body.email } });
    const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !ok || user.disabled) throw new UnauthorizedError('Invalid email or password.');
    const { token, expiresAt } = await sessions.create(user.id);
    res.cookie(SESSION_COOKIE, token, cookie(expiresAt.getTime() - Date.now()));
    req.log.info({ userId: user.id }, 'login');
    const reply: LoginResponse = { token, user: userView(user), expiresAt: expiresAt.toISOString() };
    res.status(200).json(reply);
  });

  // Idempotent: always clears the cookie, revokes the session when one was presented.
  router.post('/auth/logout', async (req, res) => {
    const token = sessionToken(req.headers);
    if (token) await sessions.revoke(token);
    res.clearCookie(SESSION_COOKIE, cookie());
    res.status(204).end();
  });

  router.get('/auth/me', requireRole('viewer'), async (req, res) => {
    const user = await deps.prisma.user.findUnique({ where: { id: actorOf(req).userId } });
    if (!user) throw new UnauthorizedError();
    res.json({ user: userView(user) });
  });

  return router;
}
