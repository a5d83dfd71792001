import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import { authRouter } from './auth/auth-routes';
import { SESSIONS_LOCAL } from './auth/middleware';
import { SessionService } from './auth/sessions';
import type { AppDeps } from './deps';
import { healthRouter } from './health/health-routes';
import { refuseCrossOriginCookieWrites } from './http/csrf';
import { jsonBody } from './http/json-body';
import { errorHandler, notFoundHandler } from './http/problem';
import { requestId } from './http/request-id';
import { securityHeaders } from './http/security-headers';
import { rejectBadUrl } from './http/url-checks';
import { redactIngestTokenSerializer } from './ingest/ingest-credentials';
import { ingestRouter } from './ingest/ingest-routes';
import { integrationsRouter } from './integrations/integrations-routes';
import { mountStaticUis } from './static/static-ui';
import { usersRouter } from './users/users-routes';
import { createDecisionsRouter, DECISION_TIMEOUT_MS } from './decisions/decisions-router';
import { mountMetrics } from './metrics/metrics';
import { createOpenApiRouter } from './openapi/openapi-router';
import { createRunbooksRouter } from './runbooks/runbooks-router';
import { createSettingsRouter } from './settings/settings-router';
import { createSituationsRouter } from './situations/situations-router';
import { createAnalyticsRouter } from './analytics/analytics-router';

/** REST prefix every feature router is mounted under. */
export const API_PREFIX = '/api/v1';

/**
 * Builds the Express app. Order matters:
 * 1. request id + pino-http logging, security headers, URL checks (NUL, bad escapes → 400);
 * 2. /healthz, /readyz;
 * 3. ingest (reads its own raw body with its own size limit, before the JSON parser);
 * 4. for the rest of /api/v1: the cookie-session CSRF guard, then JSON body parsing;
 * 5. core routers (auth, users, integrations) and the feature routers below;
 * 6. 404 and the one problem+json error middleware.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const sessions = new SessionService(deps.prisma, deps.config.sessionTtlMs);
  app.locals[SESSIONS_LOCAL] = sessions;

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: requestId,
      // Ingest senders that cannot set headers put their token in `?token=`: never log it.
      serializers: { req: redactIngestTokenSerializer },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use(securityHeaders(deps.config.staticDirs));
  app.use(rejectBadUrl);
  mountMetrics(app, { ...deps, apiPrefix: API_PREFIX });
  app.use(healthRouter(deps));
  app.use(API_PREFIX, ingestRouter(deps));
  app.use(API_PREFIX, refuseCrossOriginCookieWrites, ...jsonBody());
  app.use(API_PREFIX, authRouter(deps, sessions));
  app.use(API_PREFIX, usersRouter(deps, sessions));
  app.use(API_PREFIX, integrationsRouter(deps));

  // ── Feature routers: mount each with ONE line, `app.use(API_PREFIX, xyzRouter(deps));`.
  // They use `requireRole(role)` from ./auth/middleware and throw HttpError subclasses
  // from ./http/errors; the error middleware below renders problem+json.
  // (situations, decisions, runbooks, analytics, openapi, metrics, static UIs go here.)
  app.use(API_PREFIX, createSituationsRouter(deps));
  app.use(API_PREFIX, createDecisionsRouter({ ...deps, temporalTimeoutMs: DECISION_TIMEOUT_MS }));
  app.use(API_PREFIX, createRunbooksRouter(deps.config));
  app.use(API_PREFIX, createSettingsRouter(deps));
  app.use(API_PREFIX, createAnalyticsRouter(deps));
  app.use(API_PREFIX, createOpenApiRouter());

  mountStaticUis(app, deps.config.staticDirs, deps.logger);
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
