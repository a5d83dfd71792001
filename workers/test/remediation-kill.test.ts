import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import pino from 'pino';
import { createPrisma, type PrismaClient } from '@hro/db';
import { SEARCH_ATTRIBUTES, TASK_QUEUE_SITUATIONS, type SituationSnapshot } from '@hro/domain';
import { alertsSignal, decideUpdate, situationWorkflow, snapshotQuery } from '@hro/workflows';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { ROOT, temporalAddress } from '../../test/support/env';
import { freePort } from '../../test/support/temporal-server';
import { startTargetServer, type TargetServer } from '../../activities/test/support/target-server';
import { startWorkers, type RunningWorkers, type WorkerConfig } from '../src';

jest.setTimeout(180_000);

// A namespace of its own on the shared dev server, so no other test's worker (same queue
// names) can pick up these tasks.
const namespace = `hro-kill-${randomBytes(4).toString('hex')}`;
const approver = {
  userId: '00000000-0000-4000-8000-0000000000aa',
  email: 'ann@example.com',
  role: 'approver' as const,
};

let db: TestDatabase;
let prisma: PrismaClient;
let target: TargetServer;
let connection: Connection;
let client: Client;
let situations: RunningWorkers;
let runbooksDir: string;

async function registerNamespace(): Promise<void> {
  await connection.workflowService.registerNamespace({
    namespace,
    workflowExecutionRetentionPeriod: msToTs('1 day'),
  });
  const keyword = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
  // The namespace becomes visible to every service after a short cache refresh.
  for (let i = 0; ; i++) {
    try {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(Object.values(SEARCH_ATTRIBUTES).map((k) => [k, keyword])),
      });
      return;
    } catch (err) {
      if (i > 60) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function config(queues: WorkerConfig['queues']): WorkerConfig {
  return {
    databaseUrl: db.url,
    temporalAddress: temporalAddress(),
    namespace,
    logLevel: 'warn',
    queues,
    runbooksDir,
    commandAllowlist: [],
    httpAllowlist: [target.hostPort],
    stepOutputLimit: 4096,
    metricsPort: 0,
    commandPath: '/usr/bin:/bin',
  };
}

/** The remediation worker as its own OS process (the thing the test kills). */
function startRemediationProcess(metricsPort = 0): ChildProcess {
  // `node --import tsx` (not the tsx CLI, which forks): the PID we kill is the worker itself.
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'workers/src/main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_NAMESPACE: namespace,
      HRO_WORKER_QUEUES: 'remediation',
      HRO_HTTP_ALLOWLIST: target.hostPort,
      HRO_WORKER_METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  [db, target] = await Promise.all([createTestDatabase(), startTargetServer()]);
  prisma = createPrisma(db.url, { max: 2 });
  await prisma.user.create({
    data: { id: approver.userId, email: approver.email, name: 'Ann', passwordHash: 'x', role: 'approver' },
  });
  runbooksDir = mkdtempSync(join(tmpdir(), 'hro-runbooks-'));
  writeFileSync(
    join(runbooksDir, 'slow-restart.yaml'),
    [
      'id: slow-restart',
      'version: 1',
      'title: Restart slowly',
      'risk: low',
      'appliesTo:',
      '  alertnames: [SlowFix]',
      'steps:',
      '  - name: restart',
      '    action:',
      '      kind: http',
      `      url: ${target.url('/slow/4000/restart')}`,
      '    retry: standard',
      '    timeoutSeconds: 30',
    ].join('\n'),
  );
  connection = await Connection.connect({ address: temporalAddress() });
  await registerNamespace();
  client = new Client({ connection, namespace });
  situations = await startWorkers(config(['situations']), { logger: pino({ level: 'warn' }) });
});

afterAll(async () => {
  await situations?.shutdown();
  await connection?.close();
  await prisma?.$disconnect();
  await target?.close();
  await db?.drop();
  if (runbooksDir) rmSync(runbooksDir, { recursive: true, force: true });
});

it('a remediation worker killed mid-step: the run completes and the effect happens once', async () => {
  const id = `sit-${randomBytes(6).toString('hex')}`;
  const handle = await client.workflow.signalWithStart(situationWorkflow, {
    workflowId: id,
    taskQueue: TASK_QUEUE_SITUATIONS,
    args: [
      {
        situationId: id,
        correlationKey: `service=${id}`,
        correlation: { groupBy: ['service'], groupWindowMs: 200, maxAgeMs: 3_600_000, minAlerts: 1 },
        decision: { escalateAfterMs: 600_000, expireAfterMs: 1_200_000, verifyWindowMs: 60_000 },
      },
    ],
    signal: alertsSignal,
    signalArgs: [
      {
        alerts: [
          {
            seq: 1,
            alertId: `${id}-a`,
            fingerprint: `fp-${id}`,
            status: 'firing',
            severity: 'critical',
            name: 'SlowFix',
            service: 'api',
            environment: 'prod',
            labels: {},
            occurrence: 1,
            at: new Date().toISOString(),
          },
        ],
      },
    ],
  });
  const snap = await until<SituationSnapshot>('awaiting approval', async () => {
    const s = await handle.query(snapshotQuery);
    return s.state === 'awaiting_approval' && s;
  });

  let worker = startRemediationProcess();
  try {
    await handle.executeUpdate(decideUpdate, {
      args: [
        {
          decision: 'approve',
          planHash: snap.plan!.hash,
          reason: '',
          actor: approver,
          decidedAt: new Date().toISOString(),
        },
      ],
    });
    const key = `${id}:apply:0`;
    // The step is in flight at the target: kill the worker without any chance to clean up.
    await until('the step to reach the target', async () => target.calls.some((c) => c.idempotencyKey === key));
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    // The restarted worker also serves the Temporal runtime's own Prometheus metrics.
    const metricsPort = await freePort();
    worker = startRemediationProcess(metricsPort);

    const done = await until<SituationSnapshot>(
      'verifying',
      async () => {
        const s = await handle.query(snapshotQuery);
        return s.state === 'verifying' && s;
      },
      120_000,
    );
    expect(done.state).toBe('verifying');
    const attempts = target.calls.filter((c) => c.idempotencyKey === key);
    expect(attempts.length).toBeGreaterThanOrEqual(2); // the retry really went out again
    expect(target.applied.get(key)).toBe(1); // ...and the effect happened once
    const row = await prisma.executionStep.findUniqueOrThrow({ where: { idempotencyKey: key } });
    expect(row.status).toBe('succeeded');
    expect(row.attempts).toBeGreaterThanOrEqual(2);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/^temporal_activity_execution_latency\w*\{[^}]*activity_type="executeStep"/m);

    await handle.signal(alertsSignal, {
      alerts: [
        {
          ...snap.alerts[0]!,
          labels: {},
          seq: 2,
          status: 'resolved',
          severity: 'critical',
          at: new Date().toISOString(),
        },
      ],
    });
    expect((await handle.result()).state).toBe('resolved');
  } finally {
    worker.kill('SIGTERM');
  }
});
