import { roleAtLeast, type Actor, type Role } from '@hro/domain';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ForbiddenError, UnauthorizedError } from '../http/errors';
import { sessionToken } from './credentials';
import type { SessionService } from './sessions';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by requireRole once the session is resolved. */
    actor?: Actor;
  }
}

/** createApp puts the SessionService here so requireRole needs no arguments but the role. */
export const SESSIONS_LOCAL = 'hroSessions';

function sessionsOf(req: Request): SessionService {
  const s = req.app.locals[SESSIONS_LOCAL] as SessionService | undefined;
  if (!s) throw new Error('SessionService missing: build the app with createApp()');
  return s;
}

/** Resolves the caller (bearer token or `hro_session` cookie) once per request; null if anonymous. */
export async function resolveActor(req: Request): Promise<Actor | null> {
  if (req.actor) return req.actor;
  const token = sessionToken(req.headers);
  if (!token) return null;
  const actor = await sessionsOf(req).resolve(token);
  if (actor) req.actor = actor;
  return actor;
}

/**
 * Requires a valid session whose role is at least `role` (roles are cumulative:
 * viewer < responder < approver < admin). 401 problem+json without a valid session,
 * 403 with a lesser role. Sets `req.actor`.
 */
export function requireRole(role: Role): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const actor = await resolveActor(req);
    if (!actor) throw new UnauthorizedError('A valid session is required (Bearer token or hro_session cookie).');
    if (!roleAtLeast(actor.role, role)) throw new ForbiddenError(`This needs the ${role} role; you are ${actor.role}.`);
    next();
  };
}

/** The actor set by requireRole; throws if a route forgot to require one. */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw new UnauthorizedError();
  return req.actor;
}
