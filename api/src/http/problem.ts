import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { HttpError, type FieldError } from './errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Writes an RFC 9457 problem document. */
export function sendProblem(
  res: Response,
  p: { status: number; title: string; detail?: string; errors?: FieldError[]; type?: string },
): void {
  const requestId = res.getHeader('x-request-id');
  res
    .status(p.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify({
        type: p.type ?? 'about:blank',
        title: p.title,
        status: p.status,
        ...(p.detail ? { detail: p.detail } : {}),
        ...(p.errors?.length ? { errors: p.errors } : {}),
        ...(typeof requestId === 'string' ? { requestId } : {}),
      }),
    );
}

// body-parser / raw-body error types; they are client errors, never 5xx.
const BODY_ERRORS: Record<string, { status: number; title: string }> = {
  'entity.parse.failed': { status: 400, title: 'Malformed JSON' },
  'entity.too.large': { status: 413, title: 'Payload too large' },
  'entity.verify.failed': { status: 400, title: 'Invalid body' },
  'encoding.unsupported': { status: 415, title: 'Unsupported content encoding' },
  'charset.unsupported': { status: 415, title: 'Unsupported charset' },
  'request.aborted': { status: 400, title: 'Request aborted' },
  'request.size.invalid': { status: 400, title: 'Request size did not match content-length' },
  'stream.encoding.set': { status: 500, title: 'Internal error' },
};

/** Maps a body-parser error to a problem, or undefined when it is not one. */
export function bodyErrorProblem(err: unknown): { status: number; title: string; detail: string } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const type = (err as { type?: unknown }).type;
  if (typeof type !== 'string') return undefined;
  const known = BODY_ERRORS[type];
  if (!known) return undefined;
  const limit = (err as { limit?: unknown }).limit;
  const detail =
    type === 'entity.too.large' && typeof limit === 'number'
      ? `The body exceeds the limit of ${limit} bytes.`
      : type === 'entity.parse.failed'
        ? `The body is not valid JSON: ${(err as Error).message}`
        : (err as Error).message;
  return { ...known, detail };
}

/**
 * A client-error status (4xx) that Express or its helpers (router param decoding,
 * express.static) attached to an error they raised, or undefined.
 */
function clientErrorStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { status?: unknown; statusCode?: unknown };
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** 404 problem for unmatched routes. */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, { status: 404, title: 'Not found', detail: `No route for ${req.method} ${req.path}.` });
};

/** The one error middleware: typed errors → problem+json; anything unexpected → logged 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpError) {
      for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
      return sendProblem(res, { status: err.status, title: err.title, detail: err.message, errors: err.errors });
    }
    const body = bodyErrorProblem(err);
    if (body) return sendProblem(res, body);
    const status = clientErrorStatus(err);
    if (status !== undefined) {
      const title = STATUS_CODES[status] ?? 'Client error';
      return sendProblem(res, { status, title, detail: err instanceof Error ? err.message : undefined });
    }
    (req.log ?? logger).error({ err }, 'unhandled error');
    sendProblem(res, { status: 500, title: 'Internal server error', detail: 'An unexpected error occurred.' });
  };
}
