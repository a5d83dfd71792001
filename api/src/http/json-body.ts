import express, { type RequestHandler } from 'express';
import { HttpError } from './errors';
import { rejectBadJsonText } from './json-strings';

const JSON_LIMIT = '256kb';

/**
 * JSON bodies for the REST API: a body with another content type is a 415 (not silently
 * ignored), bad JSON a 400, an oversized body a 413, and a string or key Postgres cannot
 * store (NUL, lone surrogate) a 400 naming it — all problem+json via the error middleware.
 */
export function jsonBody(): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    const hasBody = (req.headers['content-length'] ?? '0') !== '0' || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.is(['application/json', 'application/*+json'])) {
      throw new HttpError(415, 'Unsupported media type', 'Send the body as application/json.', [
        { field: 'content-type', message: 'must be application/json' },
      ]);
    }
    next();
  };
  return [
    requireJson,
    express.json({ limit: JSON_LIMIT, type: ['application/json', 'application/*+json'] }),
    rejectBadJsonText,
  ];
}
