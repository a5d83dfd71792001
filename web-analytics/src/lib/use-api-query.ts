import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import { ApiError, apiGet } from './api-client';

export interface QueryResult<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** True while a request is in flight (the previous data stays visible meanwhile). */
  loading: boolean;
  refetch: () => void;
}

interface Settled<T> {
  /** Which request this is the answer to. */
  request: string;
  data?: T;
  error?: ApiError;
}

/**
 * GETs `path` whenever `params` or `refreshKey` change. Keeps the last good data while
 * refetching so live refreshes never blank a chart, and cancels superseded requests.
 */
export function useApiQuery<T>(
  path: string,
  params: Record<string, string | undefined>,
  refreshKey = 0,
  fetcher: typeof apiGet = apiGet,
): QueryResult<T> {
  const [settled, setSettled] = useState<Settled<T>>({ request: '' });
  const [manual, setManual] = useState(0);
  const key = JSON.stringify(params);
  const request = `${path}|${key}|${refreshKey}|${manual}`;
  const load = useEffectEvent((signal: AbortSignal) =>
    fetcher<T>(path, JSON.parse(key) as Record<string, string | undefined>, signal),
  );

  useEffect(() => {
    const ctrl = new AbortController();
    load(ctrl.signal).then(
      (data) => {
        // An answer to a superseded request never overwrites a newer one.
        if (!ctrl.signal.aborted) setSettled({ request, data });
      },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        const error = err instanceof ApiError ? err : new ApiError(0, null);
        setSettled((s) => ({ request, data: s.data, error }));
      },
    );
    return () => ctrl.abort();
  }, [request]);

  const refetch = useCallback(() => setManual((n) => n + 1), []);
  // Loading is derived: the latest answer is for an older request.
  return { data: settled.data, error: settled.error, loading: settled.request !== request, refetch };
}
