import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { amAlert, amWebhook, OUTAGE, startDemoTarget, type AlertSpec, type DemoTarget } from '@hro/demo';
import type { Page, SituationDetail, SituationSummary } from '@hro/domain';
import { loadWorkerConfig, startWorkers, type RunningWorkers } from '@hro/workers';
import { ensureIngestToken } from '../../api/src/bootstrap';
import { createUser, login, startHarness, type ApiHarness } from '../../api/test/support/api-harness';
import { waitForTemporal } from '../../launcher/src/temporal-dev-server';
import { PG_ADMIN_URL, ROOT, TEMPORAL_CLI, temporalAddress } from '../support/env';
import { freePort } from '../support/temporal-server';
import { Client } from 'pg';
import pino from 'pino';

// The whole system on real parts: the demo target breaks, the demo outage arrives as real
// Alertmanager webhooks, a situation forms and recommends the database failover, two
// approvers approve over REST, the runbook's steps act on the demo target exactly once
// each, the alerts resolve and the situation ends `resolved`.
jest.setTimeout(300_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

async function connectionsTo(database: string): Promise<number> {
  const c = new Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    return rows[0]?.n ?? 0;
  } finally {
    await c.end();
  }
}

/** The shipped runbooks, pointed at this test's demo target port instead of :3999. */
function runbooksFor(port: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'hro-e2e-runbooks-'));
  for (const f of readdirSync(join(ROOT, 'runbooks')).filter((n) => n.endsWith('.yaml'))) {
    const text = readFileSync(join(ROOT, 'runbooks', f), 'utf8').replaceAll('127.0.0.1:3999', `127.0.0.1:${port}`);
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

describe('end to end: outage → situation → approval → remediation → resolved', () => {
  const namespace = `hro-e2e-${randomBytes(4).toString('hex')}`;
  let target: DemoTarget;
  let harness: ApiHarness;
  let workers: RunningWorkers | undefined;
  let runbooksDir: string;
  const at = new Date();
  const env = { environment: 'prod' };

  beforeAll(async () => {
    // An own namespace isolates this test's task queues (`situations`, `remediation`) from
    // every other test sharing the Temporal dev server.
    execFileSync(TEMPORAL_CLI, ['operator', 'namespace', 'create', '--address', temporalAddress(), '-n', namespace]);
    await waitForTemporal({ address: temporalAddress(), namespace, logger: pino({ level: 'silent' }) });

    target = await startDemoTarget({ port: await freePort() });
    runbooksDir = runbooksFor(target.port);
    const settings = {
      TEMPORAL_NAMESPACE: namespace,
      HRO_RUNBOOKS_DIR: runbooksDir,
      HRO_GROUP_WINDOW_SECONDS: '1',
      HRO_VERIFY_WINDOW_SECONDS: '60',
    };
    harness = await startHarness({
      temporalAddress: temporalAddress(),
      env: settings,
      router: { taskQueue: 'situations' },
    });
    const workerConfig = loadWorkerConfig({
      DATABASE_URL: harness.db.url,
      TEMPORAL_ADDRESS: temporalAddress(),
      LOG_LEVEL: 'warn',
      HRO_WORKER_QUEUES: 'situations,remediation',
      HRO_WORKER_METRICS_PORT: '0',
      HRO_COMMAND_ALLOWLIST: 'hro-demo-ctl',
      HRO_HTTP_ALLOWLIST: `127.0.0.1:${target.port}`,
      PATH: `${join(ROOT, 'demo', 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      ...settings,
    });
    workers = await startWorkers(workerConfig, { logger: pino({ level: process.env.HRO_TEST_LOG_LEVEL ?? 'warn' }) });
  });

  afterAll(async () => {
    await workers?.shutdown();
    if (harness) {
      await harness.api.close();
      await harness.temporal.close();
      await harness.prisma.$disconnect();
      // Pools end their idle connections asynchronously; dropping the database (FORCE)
      // under one would surface as an unhandled pool error after the test passed.
      await until(
        'connections to the test database to close',
        async () => ((await connectionsTo(harness.db.name)) === 0 ? true : undefined),
        15_000,
      ).catch(() => undefined);
      await harness.db.drop();
    }
    await target?.close();
    if (runbooksDir) rmSync(runbooksDir, { recursive: true, force: true });
  });

  const send = async (specs: { spec: AlertSpec; resolved?: boolean }[]) => {
    const alerts = specs.map(({ spec, resolved }) => amAlert(spec, at, resolved ? new Date() : undefined));
    const res = await fetch(`${harness.url}/api/v1/ingest/alertmanager`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(amWebhook({ service: specs[0]!.spec.service, ...env }, alerts)),
    });
    expect(res.status).toBe(202);
  };
  let ingestToken = '';

  it('runs the approved failover once on the demo target and resolves', async () => {
    ingestToken = `hro_ing_${randomBytes(24).toString('hex')}`;
    await ensureIngestToken(harness.prisma, { kind: 'alertmanager', token: ingestToken });
    await createUser(harness.prisma, 'ana@example.com', 'approver', 'approver-one-pw');
    await createUser(harness.prisma, 'ben@example.com', 'approver', 'approver-two-pw');
    await createUser(harness.prisma, 'vic@example.com', 'viewer', 'viewer-only-pw');
    const ana = await login(harness.url, 'ana@example.com', 'approver-one-pw');
    const ben = await login(harness.url, 'ben@example.com', 'approver-two-pw');
    const vic = await login(harness.url, 'vic@example.com', 'viewer-only-pw');
    const get = async <T>(path: string, token = ana): Promise<T> => {
      const res = await fetch(`${harness.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      return (await res.json()) as T;
    };
    const post = (path: string, token: string, body: unknown) =>
      fetch(`${harness.url}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    // The database primary goes down; the outage arrives as Alertmanager would send it,
    // including a byte-identical repeat notification.
    const broke = await fetch(`${target.url}/admin/break`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'db-primary-down' }),
    });
    expect(broke.status).toBe(200);
    expect(target.state().database.healthy).toBe(false);
    await send([{ spec: OUTAGE.dbDown }]);
    await send([{ spec: OUTAGE.dbDown }]);
    await send([{ spec: OUTAGE.apiLatency }, { spec: OUTAGE.apiPool }]);
    await send([{ spec: OUTAGE.checkoutErrors }]);

    const db = await until('the orders-db situation awaiting approval', async () => {
      const page = await get<Page<SituationSummary>>('/situations?service=orders-db');
      return page.items.find((s) => s.state === 'awaiting_approval');
    });
    const detail = await get<SituationDetail>(`/situations/${db.id}`);
    expect(detail.alerts).toHaveLength(1); // the repeat was deduplicated
    expect(detail.plan?.runbookId).toBe('failover-database');
    expect(detail.plan?.requiredApprovals).toBe(2);
    const planHash = detail.plan!.hash;

    // Ops find it in the Temporal Web UI by the custom search attributes.
    const query = 'HroState = "awaiting_approval" AND HroService = "orders-db" AND HroSeverity = "critical"';
    const listed = await until('the situation in a search-attribute query', async () => {
      for await (const w of harness.temporal.client.workflow.list({ query })) if (w.workflowId === db.id) return w;
      return undefined;
    });
    expect(listed.type).toBe('situationWorkflow');

    // Only approvers decide; the first approval alone runs nothing (four-eyes).
    expect((await post(`/situations/${db.id}/approve`, vic, { planHash })).status).toBe(403);
    const first = await post(`/situations/${db.id}/approve`, ana, { planHash, reason: 'primary is down' });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ accepted: true, approvalsRemaining: 1 });
    expect((await post(`/situations/${db.id}/approve`, ana, { planHash })).status).toBe(409);
    expect(target.state().effects).toHaveLength(0);
    const second = await post(`/situations/${db.id}/approve`, ben, { planHash, reason: 'agreed' });
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ accepted: true, approvalsRemaining: 0 });

    // The steps act on the target: the database is writable again, each effect applied
    // once per idempotency key.
    await until('the failover to land on the target', async () => (target.state().database.healthy ? true : undefined));
    const verifying = await until('verifying', async () => {
      const d = await get<SituationDetail>(`/situations/${db.id}`);
      return d.state === 'verifying' ? d : undefined;
    });
    const state = target.state();
    const keys = Object.entries(state.idempotency);
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const [key, k] of keys) {
      expect(key.startsWith(`${db.id}:`)).toBe(true);
      expect(k.applied).toBe(1);
    }
    expect(state.effects.map((e) => e.route)).toEqual(
      expect.arrayContaining([expect.stringContaining('/failover'), expect.stringContaining('/maintenance')]),
    );
    expect(verifying.approvals.map((a) => a.userEmail).sort()).toEqual(['ana@example.com', 'ben@example.com']);
    expect(verifying.steps.every((s) => s.status === 'succeeded')).toBe(true);

    // Monitoring sees the recovery: the alerts resolve and so does the situation.
    await send([{ spec: OUTAGE.dbDown, resolved: true }]);
    const done = await until('resolved', async () => {
      const d = await get<SituationDetail>(`/situations/${db.id}`);
      return d.state === 'resolved' ? d : undefined;
    });
    expect(done.outcome?.state).toBe('resolved');
    const transitions = await harness.prisma.situationTransition.findMany({
      where: { situationId: db.id },
      orderBy: { version: 'asc' },
    });
    expect(transitions.map((t) => t.toState)).toEqual(
      expect.arrayContaining(['collecting', 'awaiting_approval', 'executing', 'verifying', 'resolved']),
    );
    // Resolution applied nothing more on the target.
    expect(target.state().effects).toHaveLength(state.effects.length);
  });
});
