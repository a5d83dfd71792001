import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, apiGet } from './api-client';

export interface QueryResult<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** True while a request is in flight (the previous data stays visible meanwhile). */
  loading: boolean;
  refetch: () => void;
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
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [manual, setManual] = useState(0);
  const key = JSON.stringify(params);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    fetcherRef.current<T>(path, JSON.parse(key) as Record<string, string | undefined>, ctrl.signal).then(
      (data) => setState({ data, loading: false }),
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        const error = err instanceof ApiError ? err : new ApiError(0, null);
        setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => ctrl.abort();
  }, [path, key, refreshKey, manual]);

  const refetch = useCallback(() => setManual((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, refetch };
}
