import type { IncomingHttpHeaders } from 'node:http';
import { SESSION_COOKIE } from './sessions';

/** The bearer token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const h = headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

/** The value of one cookie from the Cookie header (no cookie-parser dependency needed). */
export function cookieValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = headers.cookie;
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Session token from a bearer header (CLI, scripts) or the `hro_session` cookie (browsers). */
export function sessionToken(headers: IncomingHttpHeaders): string | undefined {
  return bearerToken(headers) ?? cookieValue(headers, SESSION_COOKIE);
}
