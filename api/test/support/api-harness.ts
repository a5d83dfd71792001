import { randomBytes } from 'node:crypto';
import { createPrisma, type PrismaClient } from '@hro/db';
import pino from 'pino';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { createAlertEvents, type AlertEvents } from '../../src/alert-events';
import { hashPassword } from '../../src/auth/password';
import { ensureIngestToken } from '../../src/bootstrap';
import { loadConfig, type ApiConfig } from '../../src/config';
import type { RouterOptions } from '../../src/routing/outbox-router';
import { startApiServer, type RunningApi } from '../../src/server';
import { createTemporalAccess, type TemporalAccess } from '../../src/temporal';

/** A real API on a free loopback port over a fresh database and a real Temporal address. */
export interface ApiHarness {
  db: TestDatabase;
  prisma: PrismaClient;
  temporal: TemporalAccess;
  api: RunningApi;
  config: ApiConfig;
  /** The app's alert.changed hook (what realtime would subscribe to). */
  alertEvents: AlertEvents;
  url: string;
  /** Task queue unique to this harness: no other test's worker picks up its workflows. */
  taskQueue: string;
  close(): Promise<void>;
}

/** Starts the harness; `router` tunes (or effectively parks) the outbox router. */
export async function startHarness(opts: {
  temporalAddress: string;
  env?: Record<string, string>;
  router?: Partial<RouterOptions>;
}): Promise<ApiHarness> {
  const db = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: opts.temporalAddress,
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const prisma = createPrisma(db.url);
  const temporal = createTemporalAccess(config.temporal);
  const logger = pino({ level: process.env.HRO_TEST_LOG_LEVEL ?? 'silent' });
  const taskQueue = `test-situations-${randomBytes(4).toString('hex')}`;
  const alertEvents = createAlertEvents();
  const api = await startApiServer(
    { config, prisma, temporal, logger, alertEvents },
    {
      port: 0,
      host: '127.0.0.1',
      router: { taskQueue, sweepMs: 500, backoffBaseMs: 200, backoffMaxMs: 1_000, ...opts.router },
    },
  );
  return {
    db,
    prisma,
    temporal,
    api,
    config,
    alertEvents,
    url: `http://127.0.0.1:${api.port}`,
    taskQueue,
    close: async () => {
      await api.close();
      await temporal.close();
      await prisma.$disconnect();
      await db.drop();
    },
  };
}

/** Creates a user directly in the database. */
export async function createUser(prisma: PrismaClient, email: string, role: string, password: string): Promise<void> {
  await prisma.user.create({ data: { email, name: email, role, passwordHash: await hashPassword(password) } });
}

/** Logs in over HTTP and returns the session token. */
export async function login(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** An ingest token for a new integration of `kind`. */
export async function ingestToken(prisma: PrismaClient, kind: string): Promise<string> {
  const r = await ensureIngestToken(prisma, { kind, name: `${kind}-${randomBytes(3).toString('hex')}` });
  if (!r.token) throw new Error('no token generated');
  return r.token;
}

/** POSTs a JSON (or raw string) body with a bearer token. */
export function post(url: string, token: string | undefined, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Row counts of the tables ingest writes. */
export async function ingestCounts(prisma: PrismaClient) {
  const [alerts, events, outbox, rejected] = await Promise.all([
    prisma.alert.count(),
    prisma.alertEvent.count(),
    prisma.outboxEntry.count(),
    prisma.rejectedPayload.count(),
  ]);
  return { alerts, events, outbox, rejected };
}

/** An Alertmanager v4 webhook payload. */
export function amPayload(
  alerts: {
    fingerprint: string;
    status?: 'firing' | 'resolved';
    labels?: Record<string, string>;
    startsAt?: string;
    endsAt?: string;
  }[],
  extra: Record<string, unknown> = {},
) {
  return {
    version: '4',
    groupKey: '{}:{alertname="x"}',
    truncatedAlerts: 0,
    status: alerts.some((a) => (a.status ?? 'firing') === 'firing') ? 'firing' : 'resolved',
    receiver: 'hro',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.local',
    alerts: alerts.map((a) => ({
      status: a.status ?? 'firing',
      labels: {
        alertname: 'HighLatency',
        service: 'api',
        environment: 'prod',
        severity: 'warning',
        ...a.labels,
      } as Record<string, string>,
      annotations: { summary: 'p99 above 2s' },
      startsAt: a.startsAt ?? '2026-12-03T10:00:00.123456789Z',
      endsAt: a.endsAt ?? '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.local/graph',
      fingerprint: a.fingerprint,
    })),
    ...extra,
  };
}
