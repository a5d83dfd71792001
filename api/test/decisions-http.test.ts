import { randomBytes } from 'node:crypto';
import {
  runbookSchema,
  type DecisionResult,
  type Plan,
  type Problem,
  type ServerToClientEvents,
  type SituationChangedEvent,
} from '@hro/domain';
import { Pool } from 'pg';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { temporalAddress } from '../../test/support/env';
import { freePort } from '../../test/support/temporal-server';
import { SessionService } from '../src/auth/sessions';
import { attachRealtime, SOCKET_PATH, type Realtime } from '../src/realtime/realtime';
import { call, seedSituation, startTestApi, type TestApi } from './situations-fixtures';
import { startSituationWorker, type SituationWorker } from './support/situation-worker';

// Decisions against REAL situation workflows on the shared Temporal dev server, run by an
// in-process worker (support/situation-worker.ts; remediation paused, nothing dispatched).

const logger = pino({ level: 'silent' });
const lowRisk = runbookSchema.parse({
  id: 'restart-api',
  version: 1,
  title: 'Restart the API',
  risk: 'low',
  appliesTo: { alertnames: ['HighLatency'] },
  parameters: { service: { type: 'string', from: 'service', pattern: '[a-z-]+' } },
  steps: [{ name: 'restart', action: { kind: 'http', url: 'http://127.0.0.1:9/restart/{{params.service}}' } }],
});
const highRisk = runbookSchema.parse({
  id: 'failover-db',
  version: 1,
  title: 'Fail over the database',
  risk: 'high',
  appliesTo: { alertnames: ['DbDown'] },
  steps: [{ name: 'promote', action: { kind: 'http', url: 'http://127.0.0.1:9/promote' } }],
});

let api: TestApi;
let situations: SituationWorker;
let realtime: Realtime;
let realtimePool: Pool;

const newId = () => `sit-${randomBytes(6).toString('hex')}`;
const decisionUrl = (id: string, what: string) => `${api.url}/api/v1/situations/${id}/${what}`;

beforeAll(async () => {
  api = await startTestApi({ temporalAddress: temporalAddress() });
  realtimePool = new Pool({ connectionString: api.db.url, max: 2 });
  realtime = attachRealtime({
    httpServer: api.server,
    pool: realtimePool,
    sessions: new SessionService(api.prisma, api.config.sessionTtlMs),
    logger,
  });
  situations = await startSituationWorker(api, [lowRisk, highRisk]);
}, 120_000);

afterAll(async () => {
  await situations?.close();
  await realtime?.close();
  await realtimePool?.end();
  await api?.close();
});

const awaitingSituation = (name: 'HighLatency' | 'DbDown') => situations.awaitingSituation(name);

describe('approve / reject / close against a real situation workflow', () => {
  it('approves the shown plan, records the approval, and refuses a second decision with the reason', async () => {
    const { id, plan } = await awaitingSituation('HighLatency');
    const r = await call(decisionUrl(id, 'approve'), {
      token: api.tokens.approver,
      body: { planHash: plan.hash, reason: 'latency is hurting checkout' },
    });
    expect(r.status).toBe(200);
    expect(r.body as DecisionResult).toEqual({ accepted: true, approvalsRemaining: 0, state: 'executing' });
    const approvals = await api.prisma.approval.findMany({ where: { situationId: id }, include: { user: true } });
    expect(approvals.map((a) => [a.user.email, a.decision, a.planHash])).toEqual([
      [api.emails.approver, 'approve', plan.hash],
    ]);
    const again = await call(decisionUrl(id, 'approve'), { token: api.tokens.admin, body: { planHash: plan.hash } });
    expect(again.status).toBe(409);
    expect(again.type).toContain('application/problem+json');
    expect((again.body as Problem).detail).toMatch(/already decided|not awaiting approval/);
  });

  it("streams the situation's changes to a signed-in socket client as they are projected", async () => {
    const socket: Socket<ServerToClientEvents> = connect(api.url, {
      path: SOCKET_PATH,
      transports: ['websocket'],
      reconnection: false,
      auth: { token: api.tokens.viewer },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const seen: SituationChangedEvent[] = [];
      socket.on('situation.changed', (e) => seen.push(e));
      const { id, plan } = await awaitingSituation('HighLatency');
      await call(decisionUrl(id, 'approve'), { token: api.tokens.approver, body: { planHash: plan.hash } });
      const deadline = Date.now() + 10_000;
      const executing = () => seen.find((e) => e.situation.id === id && e.situation.state === 'executing');
      while (!executing() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(executing()?.situation).toMatchObject({ id, workflowId: id, runbookId: 'restart-api' });
      const versions = seen.filter((e) => e.situation.id === id).map((e) => e.version);
      expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    } finally {
      socket.disconnect();
    }
  });

  it('approves an edited plan exactly as the dry-run rendered it', async () => {
    const { id, plan } = await awaitingSituation('HighLatency');
    const preview = await call(`${api.url}/api/v1/situations/${id}/plan`, {
      token: api.tokens.responder,
      body: { runbookId: 'restart-api', params: { service: 'checkout' } },
    });
    expect(preview.status).toBe(200);
    const edited = preview.body as Plan;
    expect(edited.hash).not.toBe(plan.hash);
    const unedited = await call(`${api.url}/api/v1/situations/${id}/plan`, {
      token: api.tokens.responder,
      body: { runbookId: 'restart-api' },
    });
    expect((unedited.body as Plan).hash).toBe(plan.hash);
    const r = await call(decisionUrl(id, 'approve'), {
      token: api.tokens.approver,
      body: { planHash: edited.hash, runbookId: 'restart-api', params: edited.params },
    });
    expect(r.status).toBe(200);
    const approval = await api.prisma.approval.findFirstOrThrow({ where: { situationId: id } });
    expect([approval.planHash, approval.params]).toEqual([edited.hash, { service: 'checkout' }]);
  });

  it('refuses a stale plan hash with 409 and the reason, and accepts nothing', async () => {
    const { id } = await awaitingSituation('HighLatency');
    const r = await call(decisionUrl(id, 'approve'), {
      token: api.tokens.approver,
      body: { planHash: 'b'.repeat(64) },
    });
    expect(r.status).toBe(409);
    expect((r.body as Problem).detail).toMatch(/plan changed/);
    expect(await api.prisma.approval.count({ where: { situationId: id } })).toBe(0);
  });

  it('needs two distinct approvers for a high-risk plan and refuses the same one twice', async () => {
    const { id, plan } = await awaitingSituation('DbDown');
    expect(plan.requiredApprovals).toBe(2);
    const first = await call(decisionUrl(id, 'approve'), { token: api.tokens.approver, body: { planHash: plan.hash } });
    expect(first.body).toEqual({ accepted: true, approvalsRemaining: 1, state: 'awaiting_approval' });
    const twice = await call(decisionUrl(id, 'approve'), { token: api.tokens.approver, body: { planHash: plan.hash } });
    expect(twice.status).toBe(409);
    expect((twice.body as Problem).detail).toMatch(/different person/);
    const second = await call(decisionUrl(id, 'approve'), { token: api.tokens.admin, body: { planHash: plan.hash } });
    expect(second.body).toEqual({ accepted: true, approvalsRemaining: 0, state: 'executing' });
  });

  it('rejects into manual handling, then a responder closes it', async () => {
    const { id, plan } = await awaitingSituation('HighLatency');
    const r = await call(decisionUrl(id, 'reject'), {
      token: api.tokens.approver,
      body: { planHash: plan.hash, reason: 'doing it by hand' },
    });
    expect(r.body).toEqual({ accepted: true, approvalsRemaining: 0, state: 'rejected' });
    const rejected = async () => (await api.prisma.situation.findUnique({ where: { id } }))?.state;
    for (let i = 0; i < 100 && (await rejected()) !== 'rejected'; i++) await new Promise((s) => setTimeout(s, 100));
    expect((await call(decisionUrl(id, 'close'), { token: api.tokens.viewer, body: {} })).status).toBe(403);
    const close = await call(decisionUrl(id, 'close'), { token: api.tokens.responder, body: { reason: 'fixed' } });
    expect(close.status).toBe(202);
    const result = await api.temporal.client.workflow.getHandle(id).result();
    expect(result).toMatchObject({ closed: true, state: 'rejected' });
    const closedAgain = await call(decisionUrl(id, 'close'), { token: api.tokens.responder, body: {} });
    expect(closedAgain.status).toBe(409);
  });
});

describe('decision routes: auth, validation and error mapping', () => {
  const hash = 'c'.repeat(64);

  it('answers 401 without a session and 403 below approver', async () => {
    expect((await call(decisionUrl('sit-x', 'approve'), { body: { planHash: hash } })).status).toBe(401);
    for (const role of ['viewer', 'responder'] as const) {
      const r = await call(decisionUrl('sit-x', 'reject'), { token: api.tokens[role], body: { planHash: hash } });
      expect(r.status).toBe(403);
      expect(r.type).toContain('application/problem+json');
    }
  });

  it('names bad fields with 400 (planHash, a decision contradicting the path)', async () => {
    const bad = await call(decisionUrl('sit-x', 'approve'), { token: api.tokens.approver, body: { planHash: 'nope' } });
    expect(bad.status).toBe(400);
    expect((bad.body as Problem).errors?.[0]?.field).toBe('body.planHash');
    const flip = await call(decisionUrl('sit-x', 'approve'), {
      token: api.tokens.approver,
      body: { planHash: hash, decision: 'reject' },
    });
    expect(flip.status).toBe(400);
    expect((flip.body as Problem).errors?.[0]?.field).toBe('body.decision');
  });

  it('404s an unknown situation and a situation whose workflow does not exist; 409s a finished one', async () => {
    const unknown = await call(decisionUrl('sit-unknown', 'approve'), {
      token: api.tokens.approver,
      body: { planHash: hash },
    });
    expect(unknown.status).toBe(404);
    const orphan = newId();
    await seedSituation(api.prisma, { id: orphan, title: 'orphan', state: 'awaiting_approval', severity: 'high' });
    const noWorkflow = await call(decisionUrl(orphan, 'approve'), {
      token: api.tokens.approver,
      body: { planHash: hash },
    });
    expect(noWorkflow.status).toBe(404);
    expect((noWorkflow.body as Problem).detail).toContain('No running workflow');
    const done = newId();
    await seedSituation(api.prisma, {
      id: done,
      title: 'done',
      state: 'resolved',
      severity: 'high',
      closedAt: new Date(),
    });
    const finished = await call(decisionUrl(done, 'reject'), { token: api.tokens.approver, body: { planHash: hash } });
    expect(finished.status).toBe(409);
  });

  it('answers 503 with Retry-After when Temporal is unreachable', async () => {
    const down = await startTestApi({ temporalAddress: `127.0.0.1:${await freePort()}` });
    try {
      const id = newId();
      await seedSituation(down.prisma, { id, title: 't', state: 'awaiting_approval', severity: 'high' });
      const res = await fetch(decisionUrl(id, 'approve').replace(api.url, down.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${down.tokens.approver}`, 'content-type': 'application/json' },
        body: JSON.stringify({ planHash: hash }),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(((await res.json()) as Problem).title).toBe('Temporal unavailable');
    } finally {
      await down.close();
    }
  }, 60_000);
});
