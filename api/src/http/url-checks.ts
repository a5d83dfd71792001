import type { RequestHandler } from 'express';
import { ValidationError, type FieldError } from './errors';
import { printable, textProblem } from './text-checks';

const MAX_ERRORS = 20;

/** decodeURIComponent, or undefined for a malformed escape or bytes that are not UTF-8. */
function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** Problems of one raw URL component: malformed escapes, then what the decoded text holds. */
function componentProblem(raw: string): string | undefined {
  const decoded = decode(raw);
  if (decoded === undefined) return 'has a malformed percent-encoding (or bytes that are not UTF-8)';
  return textProblem(decoded);
}

/**
 * Refuses, before any router, a URL whose path segments or query parameters hold a NUL, a
 * lone surrogate or a malformed percent-encoding: 400 naming `path` or `query.<name>`.
 * Without it a NUL reached Postgres (500), a malformed escape in a path parameter became
 * the router's URIError (500), and a malformed query escape was silently kept as literal text.
 */
export const rejectBadUrl: RequestHandler = (req, _res, next) => {
  const url = req.originalUrl;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const errors: FieldError[] = [];

  const pathProblem = path.split('/').map(componentProblem).find(Boolean);
  if (pathProblem) errors.push({ field: 'path', message: pathProblem });

  if (q >= 0) {
    for (const pair of url.slice(q + 1).split('&')) {
      if (errors.length >= MAX_ERRORS) break;
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      // Same '+' and '=' rules as the query parser (node:querystring).
      const rawKey = (eq < 0 ? pair : pair.slice(0, eq)).replaceAll('+', ' ');
      const rawValue = eq < 0 ? '' : pair.slice(eq + 1).replaceAll('+', ' ');
      const key = decode(rawKey);
      const name = `query.${printable(key ?? rawKey)}`;
      const problem = componentProblem(rawKey) ?? componentProblem(rawValue);
      if (problem) errors.push({ field: name, message: problem });
    }
  }
  if (errors.length > 0) throw new ValidationError(errors, 'The URL is invalid; see errors for the parameters.');
  next();
};
