// Public surface of @hro/api for the launcher, other helpers and tests.
export { createAlertEvents, type AlertEvents } from './alert-events';
export { API_PREFIX, createApp } from './app';
export { actorOf, requireRole, resolveActor } from './auth/middleware';
export { hashPassword, verifyPassword } from './auth/password';
export { SESSION_COOKIE, SessionService } from './auth/sessions';
export type { LoginResponse, UserView } from './auth/views';
export { ensureAdmin, ensureIngestToken } from './bootstrap';
export { ConfigError, loadConfig, type ApiConfig } from './config';
export type { AppDeps } from './deps';
export {
  ConflictError,
  ForbiddenError,
  HttpError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
  parseOr400,
  type FieldError,
} from './http/errors';
export { sendProblem } from './http/problem';
export type { IngestResult } from './ingest/ingest-routes';
export { createLogger } from './logger';
export {
  routePass,
  startOutboxRouter,
  type OutboxRouter,
  type PassResult,
  type RouterOptions,
} from './routing/outbox-router';
export { startApiServer, type RunningApi } from './server';
export { createTemporalAccess, type TemporalAccess } from './temporal';
