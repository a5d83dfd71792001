import type { Problem } from '@hro/domain';

/** A non-2xx answer from the API, carrying its problem+json when there was one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    text: string,
  ) {
    super(problem ? formatProblem(problem) : `HTTP ${status}: ${text.slice(0, 500)}`);
    this.name = 'ApiError';
  }
}

/** The server did not answer (refused, DNS, timeout): names the server it tried. */
export class UnreachableError extends Error {
  constructor(
    readonly baseUrl: string,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : cause;
    super(`cannot reach ${baseUrl}: ${String(why)}`, { cause });
    this.name = 'UnreachableError';
  }
}

/** A problem+json body as one or more plain lines. */
export function formatProblem(p: Problem): string {
  const head = `${p.title} (${p.status})${p.detail ? `: ${p.detail}` : ''}`;
  const fields = (p.errors ?? []).map((e) => `  ${e.field}: ${e.message}`);
  return [head, ...fields].join('\n');
}

/** A small fetch client for `/api/v1` with a bearer token. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | undefined,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    let text: string;
    try {
      res = await this.fetchImpl(`${this.baseUrl}/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      text = await res.text();
    } catch (e) {
      throw new UnreachableError(this.baseUrl, e);
    }
    if (!res.ok) {
      let problem: Problem | null = null;
      try {
        const parsed = JSON.parse(text) as Partial<Problem>;
        if (typeof parsed.title === 'string') problem = { ...parsed, status: res.status } as Problem;
      } catch {
        // not JSON: shown as text
      }
      throw new ApiError(res.status, problem, text);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
