import type { IncomingHttpHeaders } from 'node:http';
import { bearerToken } from '../auth/credentials';

/** Query parameter carrying an integration token, for senders that cannot set any header. */
export const TOKEN_QUERY_PARAM = 'token';

/**
 * The password of an `Authorization: Basic …` header (the username is ignored): SNS sends
 * URL userinfo this way, and Google Cloud's webhook channel has user/password fields.
 */
export function basicPassword(headers: IncomingHttpHeaders): string | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(headers.authorization ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const password = colon >= 0 ? decoded.slice(colon + 1) : '';
  return password === '' ? undefined : password;
}

/** The `?token=` query value of a request URL, if present and non-empty. */
export function queryToken(url: string | undefined): string | undefined {
  const q = url?.indexOf('?') ?? -1;
  if (!url || q < 0) return undefined;
  const value = new URLSearchParams(url.slice(q + 1)).get(TOKEN_QUERY_PARAM);
  return value ? value : undefined;
}

/**
 * An integration token from, in order: `Authorization: Bearer`, HTTP Basic (password) or
 * the `?token=` query parameter. Bearer is preferred; the other two exist for senders that
 * cannot set headers (AWS SNS, Google Cloud Monitoring, Azure Monitor).
 */
export function integrationToken(req: { headers: IncomingHttpHeaders; url?: string }): string | undefined {
  return bearerToken(req.headers) ?? basicPassword(req.headers) ?? queryToken(req.url);
}

/** `url` with the value of a `token` query parameter replaced, so logs never hold the secret. */
export function redactTokenInUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  if (!params.has(TOKEN_QUERY_PARAM)) return url;
  params.set(TOKEN_QUERY_PARAM, '[redacted]');
  return `${url.slice(0, q)}?${params.toString()}`;
}

/**
 * pino-http `req` serializer, run on the standard serializer's fresh output object (never
 * the live request): redacts the ingest token from the logged URL and query object.
 */
export function redactIngestTokenSerializer<R extends { url?: unknown; query?: unknown }>(req: R): R {
  if (typeof req.url === 'string') req.url = redactTokenInUrl(req.url);
  const query = req.query;
  if (query !== null && typeof query === 'object' && TOKEN_QUERY_PARAM in query) {
    // A copy: the standard serializer hands over Express's own req.query object.
    req.query = { ...query, [TOKEN_QUERY_PARAM]: '[redacted]' };
  }
  return req;
}
