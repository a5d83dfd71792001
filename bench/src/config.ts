import { z } from 'zod';

// The benchmark's only reader of process.env. Every figure is bounded in count and time.
const int = (def: number, max: number) => z.coerce.number().int().min(1).max(max).default(def);

const schema = z.object({
  /** Phase 1: requests, alerts per request (an Alertmanager group) and concurrency. */
  BENCH_REQUESTS: int(1000, 100_000),
  BENCH_BATCH: int(10, 1000),
  BENCH_CONCURRENCY: int(16, 256),
  /** Phase 2: alerts in the storm, alerts per webhook. */
  BENCH_STORM_ALERTS: int(1000, 100_000),
  BENCH_STORM_BATCH: int(50, 1000),
  /** The group window the storm situation waits before recommending (part of the figure). */
  BENCH_GROUP_WINDOW_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  /** Hard limit for the whole run. */
  BENCH_TIMEOUT_SECONDS: int(900, 3600),
  /** First port of the block the benchmark's own stack uses (7 consecutive free ports). */
  BENCH_PORT_BASE: int(4550, 65_000),
  PATH: z.string().default('/usr/local/bin:/usr/bin:/bin'),
  HOME: z.string().default('/tmp'),
});

export type BenchConfig = z.infer<typeof schema>;

/** Parses the benchmark settings, naming any bad one. */
export function loadBenchConfig(env: Record<string, string | undefined> = process.env): BenchConfig {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  return parsed.data;
}
