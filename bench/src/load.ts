import { performance } from 'node:perf_hooks';

/** Latency distribution and throughput of one load phase. */
export interface LoadResult {
  requests: number;
  failures: number;
  statuses: Record<number, number>;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The q-quantile (0..1) of sorted values, nearest-rank. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Sends `total` requests built by `body(i)` with at most `concurrency` in flight (a closed
 * loop, like autocannon's connections) and measures each one end to end.
 */
export async function runLoad(opts: {
  url: string;
  headers: Record<string, string>;
  total: number;
  concurrency: number;
  body: (i: number) => string;
  deadline: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < opts.total && Date.now() < opts.deadline) {
      const i = next++;
      const payload = opts.body(i);
      const t0 = performance.now();
      try {
        const res = await fetch(opts.url, { method: 'POST', headers: opts.headers, body: payload });
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status !== 202) failures++;
      } catch {
        failures++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    failures,
    statuses,
    seconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    maxMs: latencies[latencies.length - 1] ?? NaN,
  };
}
