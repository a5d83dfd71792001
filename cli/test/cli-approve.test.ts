import { randomBytes } from 'node:crypto';
import { catalogOf, createActivities, createPostgresPublisherFromUrl } from '@hro/activities';
import {
  ALERTS_SIGNAL,
  runbookSchema,
  SITUATION_WORKFLOW_TYPE,
  type AlertBatchSignal,
  type Plan,
  type SituationWorkflowInput,
} from '@hro/domain';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pino from 'pino';
import { startTestApi, type TestApi } from '../../api/test/situations-fixtures';
import { temporalAddress } from '../../test/support/env';
import { EXIT, runCli, type CliIo } from '../src';
import { runCliProcess } from './support/run-cli';

// `approve` against REAL situation workflows (in-process worker, task queue unique to this
// file). Remediation is paused in this database, so approved plans never dispatch steps.

const taskQueue = `cli-approve-${randomBytes(4).toString('hex')}`;
const restart = runbookSchema.parse({
  id: 'restart-api',
  version: 1,
  title: 'Restart the API',
  risk: 'low',
  appliesTo: { alertnames: ['HighLatency'] },
  steps: [{ name: 'restart', action: { kind: 'http', url: 'http://127.0.0.1:9/restart' } }],
});

let api: TestApi;
let worker: Worker;
let connection: NativeConnection;
let running: Promise<void>;
let events: { close(): Promise<void> };
const started: string[] = [];

/** Starts a situation workflow as the router does and waits until it awaits approval. */
async function awaitingSituation(): Promise<{ id: string; plan: Plan }> {
  const id = `sit-${randomBytes(6).toString('hex')}`;
  const input: SituationWorkflowInput = {
    situationId: id,
    correlationKey: `environment=prod|service=${id}`,
    correlation: { groupBy: ['environment', 'service'], groupWindowMs: 200, maxAgeMs: 3600_000, minAlerts: 1 },
    decision: { escalateAfterMs: 600_000, expireAfterMs: 1_200_000, verifyWindowMs: 60_000 },
  };
  const batch: AlertBatchSignal = {
    alerts: [
      {
        seq: 1,
        alertId: randomBytes(8).toString('hex'),
        fingerprint: `fp-${id}`,
        status: 'firing',
        severity: 'critical',
        name: 'HighLatency',
        service: 'api',
        environment: 'prod',
        labels: {},
        occurrence: 1,
        at: new Date().toISOString(),
      },
    ],
  };
  await api.temporal.client.workflow.signalWithStart(SITUATION_WORKFLOW_TYPE, {
    workflowId: id,
    taskQueue,
    args: [input],
    signal: ALERTS_SIGNAL,
    signalArgs: [batch],
  });
  started.push(id);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const row = await api.prisma.situation.findUnique({ where: { id } });
    if (row?.state === 'awaiting_approval' && row.plan) return { id, plan: row.plan as unknown as Plan };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`situation ${id} never reached awaiting_approval`);
}

const approvals = (id: string) =>
  api.prisma.approval.findMany({ where: { situationId: id }, select: { decision: true, planHash: true } });

/** The CLI in-process as an approver at a terminal that answers `answer` and records the prompt. */
async function atTerminal(argv: string[], answer: string) {
  const out: string[] = [];
  const err: string[] = [];
  const prompts: string[] = [];
  const io: CliIo = {
    config: { url: api.url, token: api.tokens.approver, password: undefined, sessionFile: '/nonexistent' },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    readLine: () => Promise.reject(new Error('no password is asked for')),
    interactive: true,
    ask: (p) => {
      prompts.push(p);
      return Promise.resolve(answer);
    },
  };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n'), prompt: prompts.join('\n') };
}

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed in this process by another test file: keep that one
  }
  api = await startTestApi({ temporalAddress: temporalAddress() });
  await api.prisma.setting.create({ data: { key: 'remediation.paused', value: true } });
  const published = createPostgresPublisherFromUrl(api.db.url);
  events = published;
  connection = await NativeConnection.connect({ address: temporalAddress() });
  worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: require.resolve('../../workflows/src'),
    activities: createActivities({
      prisma: api.prisma,
      publisher: published.publisher,
      logger: pino({ level: 'silent' }),
      catalog: catalogOf([restart]),
    }),
  });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  for (const id of started) {
    await api.temporal.client.workflow
      .getHandle(id)
      .terminate('test over')
      .catch(() => undefined);
  }
  worker?.shutdown();
  await running;
  await connection?.close();
  await events?.close();
  await api?.close();
});

describe('cli approve', () => {
  it('without --plan-hash and without a terminal: refuses and approves nothing (real process)', async () => {
    const { id } = await awaitingSituation();
    const r = await runCliProcess(['approve', id], { HRO_URL: api.url, HRO_TOKEN: api.tokens.approver });
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/needs a terminal/);
    expect(r.err).toContain(`approve ${id} --plan-hash <hash>`);
    expect(await approvals(id)).toEqual([]);
  });

  it('with --plan-hash: approves exactly that hash (real process); a stale hash is refused', async () => {
    const { id, plan } = await awaitingSituation();
    const env = { HRO_URL: api.url, HRO_TOKEN: api.tokens.approver };
    const stale = await runCliProcess(['approve', id, '--plan-hash', 'b'.repeat(64)], env);
    expect(stale.code).toBe(EXIT.refused);
    expect(stale.err).toMatch(/\(409\).*plan changed/s);
    expect(await approvals(id)).toEqual([]);

    const ok = await runCliProcess(['approve', id, '--plan-hash', plan.hash, '--reason', 'latency'], env);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(EXIT.ok);
    expect(ok.out).toBe(`Approved ${id} (plan ${plan.hash.slice(0, 12)}…): now executing.\n`);
    expect(await approvals(id)).toEqual([{ decision: 'approve', planHash: plan.hash }]);
  });

  it('at a terminal: shows the plan, approves that hash on "y", and nothing on anything else', async () => {
    const { id, plan } = await awaitingSituation();
    const no = await atTerminal(['approve', id], '');
    expect(no.code).toBe(EXIT.failed);
    expect(no.err).toBe(`Not approved: ${id} is unchanged.`);
    expect(no.prompt).toContain(`Plan: Restart the API (restart-api v1, low risk, 1 approval(s))`);
    expect(no.prompt).toContain(`hash   ${plan.hash}`);
    expect(no.prompt).toContain('1. restart: POST http://127.0.0.1:9/restart');
    expect(no.prompt).toMatch(/\? \[y\/N\] $/);
    expect(await approvals(id)).toEqual([]);

    const yes = await atTerminal(['approve', id, '--reason', 'seen it'], 'y');
    expect(yes.code).toBe(EXIT.ok);
    expect(yes.out).toMatch(/^Approved .*: now executing\.$/);
    expect(await approvals(id)).toEqual([{ decision: 'approve', planHash: plan.hash }]);
  });
});
