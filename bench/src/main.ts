import { performance } from 'node:perf_hooks';
import { amAlert, amWebhook, OUTAGE, type AlertSpec } from '@hro/demo';
import type { Page, SituationSummary } from '@hro/domain';
import { Client } from 'pg';
import { loadBenchConfig, type BenchConfig } from './config';
import { runLoad, type LoadResult } from './load';
import { startBenchSystem, type BenchSystem } from './system';

// `npm run bench`: prints figures (not a pass/fail test) for the embedded default on this
// machine. Starts the whole product on a throwaway data dir and stops it again.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An Alertmanager group of `size` distinct alerts (one label varies, so fingerprints do). */
function batch(spec: AlertSpec, prefix: string, size: number, at: Date): string {
  const alerts = Array.from({ length: size }, (_, k) =>
    amAlert({ ...spec, labels: { ...spec.labels, instance: `${prefix}-${k}` } }, at),
  );
  return JSON.stringify(amWebhook({ service: spec.service, environment: spec.environment ?? 'prod' }, alerts));
}

async function login(sys: BenchSystem): Promise<string> {
  const res = await fetch(`${sys.apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sys.admin),
  });
  if (!res.ok) throw new Error(`login failed: HTTP ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

async function situationsIn(sys: BenchSystem, session: string, environment: string): Promise<SituationSummary[]> {
  const res = await fetch(`${sys.apiUrl}/api/v1/situations?environment=${environment}&limit=200`, {
    headers: { authorization: `Bearer ${session}` },
  });
  if (!res.ok) throw new Error(`GET /situations: HTTP ${res.status}`);
  return ((await res.json()) as Page<SituationSummary>).items;
}

/** Polls until a situation in `environment` is awaiting approval; returns when (ms since t0). */
async function awaitApproval(sys: BenchSystem, session: string, environment: string, t0: number, deadline: number) {
  let createdMs: number | undefined;
  while (Date.now() < deadline) {
    const items = await situationsIn(sys, session, environment);
    if (items.length && createdMs === undefined) createdMs = performance.now() - t0;
    const ready = items.find((s) => s.state === 'awaiting_approval');
    if (ready) return { createdMs, readyMs: performance.now() - t0, situation: ready, situations: items.length };
    await sleep(50);
  }
  throw new Error(`no situation in ${environment} reached awaiting_approval in time`);
}

async function unrouted(databaseUrl: string): Promise<number> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: string }>('SELECT count(*) AS n FROM "OutboxEntry" WHERE "routedAt" IS NULL');
    return Number(rows[0]?.n ?? 0);
  } finally {
    await c.end();
  }
}

function printLoad(title: string, r: LoadResult, alertsPerRequest: number): void {
  console.log(`\n${title}`);
  console.log(`  requests            ${r.requests} (${alertsPerRequest} alerts each), failures ${r.failures}`);
  console.log(`  statuses            ${JSON.stringify(r.statuses)}`);
  console.log(
    `  throughput          ${(r.requests / r.seconds).toFixed(1)} req/s = ${((r.requests * alertsPerRequest) / r.seconds).toFixed(0)} alerts/s`,
  );
  console.log(
    `  latency             p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, max ${r.maxMs.toFixed(1)} ms`,
  );
}

async function run(cfg: BenchConfig): Promise<void> {
  const deadline = Date.now() + cfg.BENCH_TIMEOUT_SECONDS * 1000;
  console.log('starting the system (launcher, throwaway data dir)...');
  const sys = await startBenchSystem(cfg);
  try {
    const session = await login(sys);
    const ingestUrl = `${sys.apiUrl}/api/v1/ingest/alertmanager`;
    const headers = { authorization: `Bearer ${sys.ingestToken}`, 'content-type': 'application/json' };
    const now = new Date();

    // Warm-up: one situation end to end, so workers have bundled and connected.
    const warmT0 = performance.now();
    await fetch(ingestUrl, {
      method: 'POST',
      headers,
      body: batch({ ...OUTAGE.apiLatency, environment: 'bench-warmup' }, 'w', 1, now),
    });
    await awaitApproval(sys, session, 'bench-warmup', warmT0, deadline);

    // Phase 1: ingest throughput and latency at a fixed concurrency.
    const services = 10;
    const load = await runLoad({
      url: ingestUrl,
      headers,
      total: cfg.BENCH_REQUESTS,
      concurrency: cfg.BENCH_CONCURRENCY,
      deadline,
      body: (i) =>
        batch(
          {
            alertname: 'BenchSyntheticAlert',
            service: `bench-svc-${i % services}`,
            severity: 'warning',
            summary: 'bench',
            environment: 'bench-load',
          },
          `r${i}`,
          cfg.BENCH_BATCH,
          now,
        ),
    });
    printLoad(
      `Ingest: POST /api/v1/ingest/alertmanager at concurrency ${cfg.BENCH_CONCURRENCY}`,
      load,
      cfg.BENCH_BATCH,
    );
    const drainT0 = performance.now();
    let backlog = await unrouted(sys.databaseUrl);
    const backlogAtEnd = backlog;
    while (backlog > 0 && Date.now() < deadline) {
      await sleep(200);
      backlog = await unrouted(sys.databaseUrl);
    }
    console.log(
      `  outbox backlog      ${backlogAtEnd} rows when the load ended, routed ${((performance.now() - drainT0) / 1000).toFixed(1)} s later`,
    );

    // Phase 2: a storm of distinct alerts for one service; first alert → awaiting_approval.
    const stormSpec = { ...OUTAGE.apiLatency, environment: 'bench-storm' };
    const batches = Math.ceil(cfg.BENCH_STORM_ALERTS / cfg.BENCH_STORM_BATCH);
    // The storm starts now (its alerts' startsAt), not when the benchmark began.
    const stormAt = new Date();
    const t0 = performance.now();
    const storm = await runLoad({
      url: ingestUrl,
      headers,
      total: batches,
      concurrency: 4,
      deadline,
      body: (i) =>
        batch(
          stormSpec,
          `s${i}`,
          Math.min(cfg.BENCH_STORM_BATCH, cfg.BENCH_STORM_ALERTS - i * cfg.BENCH_STORM_BATCH),
          stormAt,
        ),
    });
    const acceptedMs = performance.now() - t0;
    const r = await awaitApproval(sys, session, 'bench-storm', t0, deadline);
    console.log(
      `\nStorm: ${cfg.BENCH_STORM_ALERTS} distinct alerts in ${batches} webhooks (concurrency 4), group window ${cfg.BENCH_GROUP_WINDOW_SECONDS} s`,
    );
    console.log(`  all accepted (202)  ${(acceptedMs / 1000).toFixed(2)} s (failures ${storm.failures})`);
    console.log(`  situation visible   ${((r.createdMs ?? NaN) / 1000).toFixed(2)} s after the first alert`);
    console.log(
      `  awaiting_approval   ${(r.readyMs / 1000).toFixed(2)} s after the first alert (group window ${cfg.BENCH_GROUP_WINDOW_SECONDS} s)`,
    );
    console.log(`  situations formed   ${r.situations} (alerts in it when it was proposed: ${r.situation.alertCount})`);
    console.log(`  runbook proposed    ${r.situation.runbookId ?? 'none'}`);
  } finally {
    await sys.stop();
  }
}

run(loadBenchConfig()).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
