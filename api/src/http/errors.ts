import type { z } from 'zod';

/** One field-level problem: `field` is a dotted path into the request (e.g. `alerts[0].labels.severity`). */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * A typed HTTP error; the error middleware renders it as RFC 9457 problem+json.
 * Handlers throw these instead of writing error responses themselves.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string,
    readonly errors?: FieldError[],
    /** Extra response headers, e.g. Retry-After or WWW-Authenticate. */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpError';
  }
}

/** 400 with the offending fields. */
export class ValidationError extends HttpError {
  constructor(errors: FieldError[], detail = 'The request is invalid; see errors for the fields.') {
    super(400, 'Invalid request', detail, errors);
  }
}

/** 401: no or invalid credentials. */
export class UnauthorizedError extends HttpError {
  constructor(detail = 'Authentication required.', scheme = 'Bearer') {
    super(401, 'Unauthorized', detail, undefined, { 'WWW-Authenticate': scheme });
  }
}

/** 403: authenticated but not allowed. */
export class ForbiddenError extends HttpError {
  constructor(detail = 'You do not have the role this needs.') {
    super(403, 'Forbidden', detail);
  }
}

/** 404 for a missing resource. */
export class NotFoundError extends HttpError {
  constructor(detail = 'Not found.') {
    super(404, 'Not found', detail);
  }
}

/** 409: the request conflicts with the current state. */
export class ConflictError extends HttpError {
  constructor(detail: string, errors?: FieldError[]) {
    super(409, 'Conflict', detail, errors);
  }
}

/** Field errors from a zod issue list; `prefix` names where the value came from (body, query). */
export function zodFieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((i) => {
    const path = i.path.map(String).join('.');
    return { field: [prefix, path].filter(Boolean).join('.') || prefix || '(root)', message: i.message };
  });
}

/** Parses `value` with `schema` or throws a ValidationError naming the fields. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new ValidationError(zodFieldErrors(r.error, prefix));
  return r.data;
}
