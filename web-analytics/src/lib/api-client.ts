import type { Problem } from '@hro/domain';
import { env } from '../config/env';

/** A failed API call: the status and, when the API sent one, its problem+json body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? (status === 0 ? 'The API could not be reached.' : `HTTP ${status}`));
    this.name = 'ApiError';
  }
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called whenever any request answers 401, so the session layer can show the login form. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** `/api/v1<path>?<params>`, dropping empty parameters. */
export function apiUrl(path: string, params: Record<string, string | undefined> = {}): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') qs.set(k, v);
  const query = qs.toString();
  return `${env.VITE_API_BASE}/api/v1${path}${query ? `?${query}` : ''}`;
}

/**
 * The one place that talks HTTP: sends the session cookie, parses JSON, turns problem+json
 * into ApiError, and tells the session layer about 401s.
 */
export async function apiRequest<T>(
  method: 'GET' | 'POST',
  path: string,
  opts: { params?: Record<string, string | undefined>; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.params), {
      method,
      credentials: 'include',
      headers: {
        accept: 'application/json',
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, null);
  }
  if (res.status === 401) for (const l of unauthorizedListeners) l();
  if (!res.ok) {
    const problem = (res.headers.get('content-type') ?? '').includes('json')
      ? ((await res.json().catch(() => null)) as Problem | null)
      : null;
    throw new ApiError(res.status, problem);
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** GET helper. */
export const apiGet = <T>(path: string, params?: Record<string, string | undefined>, signal?: AbortSignal) =>
  apiRequest<T>('GET', path, { params, signal });
