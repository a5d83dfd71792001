import { act, render, screen, waitFor } from '@testing-library/react';
import { ApiError } from './api-client';
import { useApiQuery } from './use-api-query';

type Fetcher = <T>(path: string, params?: Record<string, string | undefined>, signal?: AbortSignal) => Promise<T>;

/** A fetcher whose answers the test releases one by one, recording every call. */
function controlledFetcher() {
  const calls: {
    path: string;
    params: Record<string, string | undefined>;
    signal?: AbortSignal;
    settle: (v: unknown, fail?: boolean) => void;
  }[] = [];
  const fetcher = ((path: string, params: Record<string, string | undefined> = {}, signal?: AbortSignal) =>
    new Promise<unknown>((resolve, reject) => {
      calls.push({ path, params, signal, settle: (v, fail) => (fail ? reject(v) : resolve(v)) });
    })) as Fetcher;
  return { calls, fetcher };
}

function Probe({
  params,
  refreshKey,
  fetcher,
}: {
  params: Record<string, string>;
  refreshKey: number;
  fetcher: Fetcher;
}) {
  const q = useApiQuery<{ n: number }>('/analytics/volume', params, refreshKey, fetcher);
  return (
    <p>
      {q.loading ? 'loading' : 'idle'} | {q.data ? `n=${q.data.n}` : 'no data'} |{' '}
      {q.error ? `error ${q.error.status}` : 'ok'}
    </p>
  );
}

describe('useApiQuery', () => {
  it('loads, refetches on a new refresh key keeping the old data, and keeps data on error', async () => {
    const { calls, fetcher } = controlledFetcher();
    const { rerender } = render(<Probe params={{ service: 'db' }} refreshKey={0} fetcher={fetcher} />);
    expect(screen.getByText(/loading \| no data \| ok/)).toBeTruthy();
    expect(calls[0]).toMatchObject({ path: '/analytics/volume', params: { service: 'db' } });
    await act(async () => calls[0]!.settle({ n: 1 }));
    expect(screen.getByText('idle | n=1 | ok')).toBeTruthy();

    rerender(<Probe params={{ service: 'db' }} refreshKey={1} fetcher={fetcher} />);
    expect(screen.getByText('loading | n=1 | ok')).toBeTruthy();
    await act(async () => calls[1]!.settle(new ApiError(503, null), true));
    expect(screen.getByText('idle | n=1 | error 503')).toBeTruthy();
  });

  it('cancels a superseded request so a slow old answer cannot overwrite a new one', async () => {
    const { calls, fetcher } = controlledFetcher();
    const { rerender } = render(<Probe params={{ service: 'a' }} refreshKey={0} fetcher={fetcher} />);
    rerender(<Probe params={{ service: 'b' }} refreshKey={0} fetcher={fetcher} />);
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[0]!.signal?.aborted).toBe(true);
    await act(async () => calls[1]!.settle({ n: 2 }));
    expect(screen.getByText('idle | n=2 | ok')).toBeTruthy();
  });
});
