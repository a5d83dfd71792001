import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import {
  runbookSchema,
  SEARCH_ATTRIBUTES,
  TASK_QUEUE_REMEDIATION,
  TASK_QUEUE_SITUATIONS,
  type Actor,
  type AlertSignal,
  type DecisionUpdate,
  type SituationSnapshot,
  type SituationState,
  type SituationWorkflowInput,
} from '@hro/domain';
import { createPrisma, type PrismaClient } from '@hro/db';
import {
  catalogOf,
  createActivities,
  createRemediationActivities,
  type Publisher,
  type SituationActivities,
} from '@hro/activities';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { TEMPORAL_TEST_SERVER } from '../../test/support/env';
import { startTargetServer, type TargetServer } from '../../activities/test/support/target-server';
import { alertsSignal, closeSignal, decideUpdate, situationWorkflow, snapshotQuery } from '../src';

/** Runbooks the tests recommend, keyed by the alert name that selects them. */
export function testRunbooks(target: TargetServer) {
  const http = (path: string) => ({ kind: 'http' as const, method: 'POST' as const, url: target.url(path) });
  return [
    runbookSchema.parse({
      id: 'restart-api',
      version: 1,
      title: 'Restart the API',
      risk: 'low',
      appliesTo: { alertnames: ['HighLatency'] },
      parameters: { service: { type: 'string', from: 'service', pattern: '[a-z-]+' } },
      steps: [
        { name: 'drain', action: http('/drain/{{ params.service }}'), compensate: http('/undrain') },
        { name: 'restart', action: http('/restart/{{ params.service }}'), retry: 'none' },
      ],
    }),
    runbookSchema.parse({
      id: 'broken-fix',
      version: 1,
      title: 'A fix whose last step fails',
      risk: 'medium',
      appliesTo: { alertnames: ['ErrorBurst'] },
      steps: [
        { name: 'a', action: http('/apply/a'), compensate: http('/undo/a') },
        { name: 'b', action: http('/apply/b'), compensate: http('/undo/b') },
        { name: 'c', action: http('/fail/c'), compensate: http('/undo/c'), retry: 'none' },
      ],
    }),
    runbookSchema.parse({
      id: 'failover-db',
      version: 1,
      title: 'Fail over the database',
      risk: 'high',
      appliesTo: { alertnames: ['DbDown'] },
      steps: [{ name: 'promote', action: http('/promote') }],
    }),
  ];
}

/** Where the harness's escalation notices go (on the target server) and the links' base. */
export const ESCALATION_HOOK_PATH = '/hooks/escalation';
export const PUBLIC_URL = 'http://hro.test';

/** How replay fixtures store a history: protobuf bytes, base64. */
export const HISTORY_ENCODING = 'temporal.api.history.v1.History;protobuf;base64';

export const silentLogger = pino({ level: 'silent' });

/** Records published events so tests can assert on them. */
export function recordingPublisher(): Publisher & { situations: number[]; steps: string[] } {
  const situations: number[] = [];
  const steps: string[] = [];
  return {
    situations,
    steps,
    situationChanged: (e) => void situations.push(e.version),
    executionChanged: (e) => void steps.push(`${e.step.phase}:${e.step.name}:${e.step.status}`),
  };
}

export const DECISION = { escalateAfterMs: 15 * 60_000, expireAfterMs: 60 * 60_000, verifyWindowMs: 5 * 60_000 };
export const CORRELATION = {
  groupBy: ['environment', 'service'],
  groupWindowMs: 30_000,
  maxAgeMs: 6 * 3600_000,
  minAlerts: 1,
};

/** A unique situation id per test (workflow ids never repeat). */
export function newSituationId(): string {
  return `sit-${randomBytes(6).toString('hex')}`;
}

export function input(situationId: string, extra: Partial<SituationWorkflowInput> = {}): SituationWorkflowInput {
  return {
    situationId,
    correlationKey: `environment=prod|service=${situationId}`,
    correlation: CORRELATION,
    decision: DECISION,
    ...extra,
  };
}

let seq = 0;
/** An alert change as the router signals it; seqs increase across the whole test file. */
export function alert(alertId: string, name: string, status: 'firing' | 'resolved' = 'firing'): AlertSignal {
  seq += 1;
  return {
    seq,
    alertId,
    fingerprint: `fp-${alertId}`,
    status,
    severity: 'critical',
    name,
    service: 'api',
    environment: 'prod',
    labels: { team: 'sre' },
    occurrence: 1,
    at: new Date().toISOString(),
  };
}

export const actors = {
  alice: { userId: '00000000-0000-4000-8000-00000000000a', email: 'alice@example.com', role: 'approver' },
  bob: { userId: '00000000-0000-4000-8000-00000000000b', email: 'bob@example.com', role: 'admin' },
  victor: { userId: '00000000-0000-4000-8000-00000000000c', email: 'victor@example.com', role: 'viewer' },
} satisfies Record<string, Actor>;

export function decision(actor: Actor, planHash: string, d: Partial<DecisionUpdate> = {}): DecisionUpdate {
  return { decision: 'approve', planHash, reason: 'looks right', actor, decidedAt: new Date().toISOString(), ...d };
}

/** Everything a workflow test needs: time-skipping Temporal, real DB, real target, workers. */
export interface Harness {
  env: TestWorkflowEnvironment;
  db: TestDatabase;
  prisma: PrismaClient;
  target: TargetServer;
  publisher: ReturnType<typeof recordingPublisher>;
  bundle: WorkflowBundleWithSourceMap;
  activities: SituationActivities;
  /** Starts the workflow the way the router does (signal-with-start). */
  start(
    id: string,
    alerts: AlertSignal[],
    extra?: Partial<SituationWorkflowInput>,
  ): Promise<WorkflowHandle<typeof situationWorkflow>>;
  /** Runs `fn` with both workers polling (`activities` replaces some for this run only). */
  run<T>(fn: () => Promise<T>, activities?: Partial<SituationActivities>): Promise<T>;
  close(): Promise<void>;
}

export async function createHarness(overrides: Partial<SituationActivities> = {}): Promise<Harness> {
  const [env, db, target, bundle] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: TEMPORAL_TEST_SERVER } },
    }),
    createTestDatabase(),
    startTargetServer(),
    bundleWorkflowCode({ workflowsPath: require.resolve('../src'), logger: silentLogger as never }),
  ]);
  // The time-skipping server starts without the custom search attributes the workflow sets.
  const keyword = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(Object.values(SEARCH_ATTRIBUTES).map((k) => [k, keyword])),
  });
  const prisma = createPrisma(db.url, { max: 4 });
  await prisma.user.createMany({
    data: Object.values(actors).map((a) => ({
      id: a.userId,
      email: a.email,
      name: a.email,
      passwordHash: 'x',
      role: a.role,
    })),
  });
  const publisher = recordingPublisher();
  const activities = {
    ...createActivities({
      prisma,
      publisher,
      logger: silentLogger,
      catalog: catalogOf(testRunbooks(target)),
      escalationWebhookUrl: target.url(ESCALATION_HOOK_PATH),
      publicUrl: PUBLIC_URL,
    }),
    ...overrides,
  };
  const remediation = createRemediationActivities({
    prisma,
    publisher,
    logger: silentLogger,
    policy: { httpAllowlist: [target.hostPort], commandAllowlist: [] },
    outputLimit: 4096,
    commandPath: '/usr/bin:/bin',
  });
  // runUntil shuts a worker down when done, so every run gets fresh workers.
  const workers = (extra: Partial<SituationActivities>) =>
    Promise.all([
      Worker.create({
        connection: env.nativeConnection,
        taskQueue: TASK_QUEUE_SITUATIONS,
        workflowBundle: bundle,
        activities: { ...activities, ...extra },
      }),
      Worker.create({ connection: env.nativeConnection, taskQueue: TASK_QUEUE_REMEDIATION, activities: remediation }),
    ]);
  return {
    env,
    db,
    prisma,
    target,
    publisher,
    bundle,
    activities,
    start: (id, alerts, extra) =>
      env.client.workflow.signalWithStart(situationWorkflow, {
        workflowId: id,
        taskQueue: TASK_QUEUE_SITUATIONS,
        args: [input(id, extra)],
        signal: alertsSignal,
        signalArgs: [{ alerts }],
      }),
    async run(fn, extra = {}) {
      const [situations, steps] = await workers(extra);
      return situations.runUntil(steps.runUntil(fn));
    },
    async close() {
      await prisma.$disconnect();
      await Promise.all([target.close(), db.drop()]);
      await env.teardown();
    },
  };
}

/** Polls the snapshot query (in real time) until `pred` holds. */
export async function waitForSnapshot(
  handle: WorkflowHandle<typeof situationWorkflow>,
  pred: (s: SituationSnapshot) => boolean,
  timeoutMs = 30_000,
): Promise<SituationSnapshot> {
  const deadline = Date.now() + timeoutMs;
  let last: SituationSnapshot | undefined;
  while (Date.now() < deadline) {
    last = await handle.query(snapshotQuery);
    if (pred(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`snapshot condition not met; last state ${last?.state} v${last?.version}`);
}

export const inState = (state: SituationState) => (s: SituationSnapshot) => s.state === state;

export { decideUpdate, snapshotQuery, alertsSignal, closeSignal };
