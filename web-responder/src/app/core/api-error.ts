import { HttpErrorResponse } from '@angular/common/http';
import type { Problem } from '@hro/domain';

/** An API failure as the UI shows it: always a readable message, field errors when given. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | null,
    readonly fieldErrors: { field: string; message: string }[] = [],
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
  }

  /** The sentence to put in front of a human. */
  get userMessage(): string {
    if (this.status === 0) return 'Cannot reach the API. Check your connection; the page retries on reconnect.';
    if (this.status === 403 && !this.detail) return 'You are not allowed to do this with your role.';
    return this.detail ? `${this.title}: ${this.detail}` : this.title;
  }
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && 'title' in body && 'status' in body;
}

/** Maps any HTTP failure (problem+json, plain text, network) to an ApiError. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HttpErrorResponse) {
    const body: unknown = err.error;
    if (isProblem(body)) {
      return new ApiError(err.status, body.title, body.detail ?? null, body.errors ?? []);
    }
    if (err.status === 0) return new ApiError(0, 'Network error', null);
    const text = typeof body === 'string' && body.length > 0 && body.length < 300 ? body : null;
    return new ApiError(err.status, err.statusText || `HTTP ${err.status}`, text);
  }
  return new ApiError(-1, 'Unexpected error', err instanceof Error ? err.message : String(err));
}
