import type { Request, RequestHandler } from 'express';
import { bearerToken, cookieValue } from '../auth/credentials';
import { SESSION_COOKIE } from '../auth/sessions';
import { HttpError } from './errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameHost(origin: string, req: Request): boolean {
  try {
    // Host only: a TLS-terminating proxy may change the scheme; req.host honours `trust proxy`.
    return new URL(origin).host === req.host;
  } catch {
    return false; // includes Origin: null (sandboxed frames, some redirects)
  }
}

/**
 * CSRF guard for the browser session. Bodies must already be JSON (415 otherwise, see
 * jsonBody), which a cross-origin page cannot send without a CORS preflight we never answer;
 * but a body-less form POST (e.g. to /close or /integrations/:id/rotate) needs no body, and
 * the SameSite=Lax cookie still rides along from a same-site sibling host. So a
 * state-changing request authenticated by the cookie (not a bearer token) must come from
 * this origin: Sec-Fetch-Site (sent by every current browser) or, failing it, Origin.
 */
export const refuseCrossOriginCookieWrites: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  if (bearerToken(req.headers) !== undefined || cookieValue(req.headers, SESSION_COOKIE) === undefined) return next();
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') {
    if (site === 'same-origin' || site === 'none') return next();
    throw new HttpError(403, 'Cross-origin request refused', `A ${site} ${req.method} cannot use the session cookie.`, [
      { field: 'header.sec-fetch-site', message: 'must be same-origin for a cookie-authenticated change' },
    ]);
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !sameHost(origin, req)) {
    throw new HttpError(
      403,
      'Cross-origin request refused',
      `A ${req.method} from ${origin} cannot use the session cookie.`,
      [{ field: 'header.origin', message: 'must be this server for a cookie-authenticated change' }],
    );
  }
  next();
};
