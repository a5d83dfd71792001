import type { PrismaClient } from '@hro/db';
import { SITUATION_STATES } from '@hro/domain';
import type { Express, RequestHandler } from 'express';
import type { AlertEvents } from '../alert-events';
import { providerKinds } from '../ingest/providers/registry';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Outcome label of one ingested alert (or of a refused request). */
export type IngestOutcome = 'accepted' | 'duplicate' | 'rejected' | 'unauthorized' | 'error';

/** The API's Prometheus metrics; one instance per process (per app in tests). */
export interface ApiMetrics {
  registry: Registry;
  /** Counts alerts by provider and outcome (call once per alert, or with `n`). */
  countIngest(provider: string, outcome: IngestOutcome, n?: number): void;
  /** Records how long one ingest request took, commit included. */
  observeIngestSeconds(provider: string, seconds: number): void;
  /** HTTP request histogram labelled by the matched route template (never the raw URL). */
  httpMiddleware: RequestHandler;
  /** `GET /metrics`. */
  handler: RequestHandler;
}

// Scrapes are frequent and several Prometheus replicas may scrape; the database gauges are
// cached briefly so a scrape storm costs one query pair per window.
const DB_GAUGE_CACHE_MS = 5_000;

function cached<T>(ms: number, load: () => Promise<T>): () => Promise<T> {
  let at = 0;
  let value: Promise<T> | null = null;
  return () => {
    const now = Date.now();
    if (!value || now - at > ms) {
      at = now;
      value = load().catch((err: unknown) => {
        value = null; // do not cache failures
        throw err;
      });
    }
    return value;
  };
}

/** Creates the registry with process, HTTP, ingest, situation and outbox metrics. */
export function createMetrics(deps: { prisma: PrismaClient; prefix?: string; apiPrefix?: string }): ApiMetrics {
  const registry = new Registry();
  const p = deps.prefix ?? 'hro_';
  collectDefaultMetrics({ register: registry, prefix: p });

  const http = new Histogram({
    name: `${p}http_request_duration_seconds`,
    help: 'HTTP request latency by method, matched route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const ingestAlerts = new Counter({
    name: `${p}ingest_alerts_total`,
    help: 'Alerts received at ingest by provider and outcome',
    labelNames: ['provider', 'outcome'] as const,
    registers: [registry],
  });
  const ingestSeconds = new Histogram({
    name: `${p}ingest_request_duration_seconds`,
    help: 'Ingest request latency (until the 202 after commit) by provider',
    labelNames: ['provider'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  const situationCounts = cached(DB_GAUGE_CACHE_MS, () =>
    deps.prisma.situation.groupBy({ by: ['state'], _count: { _all: true } }),
  );
  new Gauge({
    name: `${p}situations`,
    help: 'Situations by state (from the Postgres projection)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const rows = await situationCounts();
      const byState = new Map(rows.map((r) => [r.state, r._count._all]));
      // Every known state is reported, zeros included, so rates and alerts have a series.
      for (const state of SITUATION_STATES) this.set({ state }, byState.get(state) ?? 0);
    },
  });

  const outbox = cached(DB_GAUGE_CACHE_MS, async () => {
    const [row] = await deps.prisma.$queryRaw<{ n: bigint; oldest: Date | null }[]>`
      SELECT count(*) AS n, min("createdAt") AS oldest FROM "OutboxEntry" WHERE "routedAt" IS NULL`;
    return { n: Number(row?.n ?? 0), oldest: row?.oldest ?? null };
  });
  new Gauge({
    name: `${p}outbox_backlog`,
    help: 'Alert changes accepted but not yet routed to a situation workflow',
    registers: [registry],
    async collect() {
      this.set((await outbox()).n);
    },
  });
  new Gauge({
    name: `${p}outbox_oldest_unrouted_seconds`,
    help: 'Age of the oldest unrouted outbox entry (0 when none); grows while Temporal is down',
    registers: [registry],
    async collect() {
      const { oldest } = await outbox();
      this.set(oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0);
    },
  });

  // When a handler throws, Express leaves the router (restoring baseUrl) before the error
  // response ends; routers are mounted at the root or at the API prefix, so restore it.
  const api = deps.apiPrefix;
  const mountOf = (baseUrl: string, url: string): string => baseUrl || (api && url.startsWith(`${api}/`) ? api : '');

  const httpMiddleware: RequestHandler = (req, res, next) => {
    const end = http.startTimer();
    res.on('finish', () => {
      // The route template (e.g. /api/v1/situations/:id) keeps label cardinality bounded;
      // unmatched requests share one label.
      const template = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof template === 'string' ? `${mountOf(req.baseUrl, req.originalUrl)}${template}` : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };

  const handler: RequestHandler = async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  };

  return {
    registry,
    countIngest: (provider, outcome, n = 1) => ingestAlerts.inc({ provider, outcome }, n),
    observeIngestSeconds: (provider, seconds) => ingestSeconds.observe({ provider }, seconds),
    httpMiddleware,
    handler,
  };
}

/**
 * Mounts metrics on an app (one line in createApp, before the routers): the HTTP histogram
 * for every request, ingest request latency per provider (`/api/v1/ingest/:kind`), alert
 * counts per provider and outcome (from the `alert.changed` hook), and `GET /metrics`.
 * The Temporal worker's own metrics are served by the workers process on
 * HRO_WORKER_METRICS_PORT, not here.
 */
export function mountMetrics(
  app: Express,
  deps: { prisma: PrismaClient; alertEvents: AlertEvents; apiPrefix: string },
): ApiMetrics {
  const metrics = createMetrics(deps);
  app.use(metrics.httpMiddleware);
  app.get('/metrics', metrics.handler);
  app.use(`${deps.apiPrefix}/ingest/:kind`, (req, res, next) => {
    const started = process.hrtime.bigint();
    // The kind comes from the URL: only registered kinds become label values.
    const kind = String(req.params.kind);
    const provider = providerKinds().includes(kind) ? kind : 'unknown';
    res.on('finish', () => {
      metrics.observeIngestSeconds(provider, Number(process.hrtime.bigint() - started) / 1e9);
      const s = res.statusCode;
      if (s === 401 || s === 403) metrics.countIngest(provider, 'unauthorized');
      else if (s >= 400 && s < 500) metrics.countIngest(provider, 'rejected');
      else if (s >= 500) metrics.countIngest(provider, 'error');
    });
    next();
  });
  // Accepted alerts are counted per alert (a batch holds many), from what ingest committed.
  deps.alertEvents.subscribe((events) => {
    for (const e of events) metrics.countIngest(e.source, e.duplicate ? 'duplicate' : 'accepted');
  });
  return metrics;
}
