import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseRunbook,
  renderPlan,
  type Page,
  type Plan,
  type Problem,
  type Recommendation,
  type SituationDetail,
  type SituationSummary,
} from '@hro/domain';
import { ROOT, temporalAddress } from '../../test/support/env';
import { call, seedSituation, startTestApi, type TestApi } from './situations-fixtures';

const RUNBOOKS = join(ROOT, 'runbooks');
const drain = parseRunbook(readFileSync(join(RUNBOOKS, 'drain-connection-pool.yaml'), 'utf8'), 'drain');

let api: TestApi;
const t0 = new Date('2026-12-01T10:00:00.000Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const ids = (p: Page<SituationSummary>) => p.items.map((i) => i.id);

beforeAll(async () => {
  api = await startTestApi({
    temporalAddress: temporalAddress(),
    env: { HRO_RUNBOOKS_DIR: RUNBOOKS, HRO_TEMPORAL_UI_URL: 'http://temporal.example:8233/' },
  });
  const p = api.prisma;
  await seedSituation(p, {
    id: 'sit-a',
    title: 'Checkout errors',
    state: 'awaiting_approval',
    severity: 'critical',
    service: 'checkout',
    environment: 'prod',
    escalated: true,
    createdAt: at(1),
  });
  await seedSituation(p, {
    id: 'sit-b',
    title: 'API latency',
    state: 'executing',
    severity: 'warning',
    service: 'api',
    environment: 'prod',
    createdAt: at(2),
  });
  await seedSituation(p, {
    id: 'sit-c',
    title: 'DB down',
    state: 'resolved',
    severity: 'high',
    service: 'orders-db',
    environment: 'staging',
    createdAt: at(3),
    closedAt: at(3),
  });
  await seedSituation(p, {
    id: 'sit-d',
    title: 'Disk 100% on api',
    state: 'collecting',
    severity: 'info',
    service: 'api',
    environment: 'prod',
    createdAt: at(4),
  });
  await seedSituation(p, {
    id: 'sit-e',
    title: 'Cache misses',
    state: 'rejected',
    severity: 'warning',
    service: 'cache',
    environment: 'prod',
    createdAt: at(5),
  });
  const approver = await p.user.findUniqueOrThrow({ where: { email: api.emails.approver } });
  const alert = await p.alert.create({
    data: {
      fingerprint: 'fp-checkout-1',
      source: 'alertmanager',
      status: 'firing',
      severity: 'critical',
      name: 'CheckoutErrorRate',
      service: 'checkout',
      environment: 'prod',
      labels: { team: 'payments', pod: 'checkout-1' },
      annotations: { summary: 'errors' },
      count: 3,
      flapCount: 1,
      firstSeenAt: at(0),
      lastSeenAt: at(30),
      situationId: 'sit-a',
    },
  });
  await p.alertEvent.createMany({
    data: [
      { alertId: alert.id, kind: 'fired', status: 'firing', severity: 'critical', source: 'alertmanager', at: at(0) },
      {
        alertId: alert.id,
        kind: 'resolved',
        status: 'resolved',
        severity: 'critical',
        source: 'alertmanager',
        at: at(10),
      },
      {
        alertId: alert.id,
        kind: 'refired',
        status: 'firing',
        severity: 'critical',
        source: 'alertmanager',
        at: at(20),
      },
    ],
  });
  await p.situationTransition.createMany({
    data: [
      { situationId: 'sit-a', fromState: null, toState: 'collecting', at: at(1), version: 1 },
      { situationId: 'sit-a', fromState: 'recommending', toState: 'awaiting_approval', at: at(40), version: 3 },
    ],
  });
  await p.approval.create({
    data: {
      situationId: 'sit-a',
      userId: approver.id,
      decision: 'approve',
      planHash: 'a'.repeat(64),
      runbookId: 'drain-connection-pool',
      reason: 'looks right',
      createdAt: at(50),
    },
  });
  await p.executionStep.createMany({
    data: [
      {
        situationId: 'sit-a',
        index: 0,
        phase: 'compensate',
        name: 'undo',
        status: 'succeeded',
        attempts: 1,
        idempotencyKey: 'sit-a:compensate:0',
        startedAt: at(70),
        finishedAt: at(71),
      },
      {
        situationId: 'sit-a',
        index: 1,
        phase: 'apply',
        name: 'second',
        status: 'failed',
        attempts: 3,
        idempotencyKey: 'sit-a:apply:1',
        error: 'boom',
        startedAt: at(62),
        finishedAt: at(65),
      },
      {
        situationId: 'sit-a',
        index: 0,
        phase: 'apply',
        name: 'first',
        status: 'succeeded',
        attempts: 1,
        idempotencyKey: 'sit-a:apply:0',
        output: 'ok',
        startedAt: at(60),
        finishedAt: at(61),
      },
    ],
  });
});

afterAll(async () => {
  await api?.close();
});

describe('GET /api/v1/situations', () => {
  const list = async (qs = '') => {
    const r = await call(`${api.url}/api/v1/situations${qs}`, { token: api.tokens.viewer });
    expect(r.status).toBe(200);
    return r.body as Page<SituationSummary>;
  };

  it('refuses anonymous callers with a 401 problem', async () => {
    const r = await call(`${api.url}/api/v1/situations`);
    expect(r.status).toBe(401);
    expect(r.type).toContain('application/problem+json');
    expect((r.body as Problem).status).toBe(401);
  });

  it('lists everything newest-updated first by default, as SituationSummary rows', async () => {
    const page = await list();
    expect(page.total).toBe(5);
    expect(ids(page)).toEqual(['sit-e', 'sit-d', 'sit-c', 'sit-b', 'sit-a']);
    expect(page.items[4]).toEqual({
      id: 'sit-a',
      workflowId: 'sit-a',
      title: 'Checkout errors',
      state: 'awaiting_approval',
      severity: 'critical',
      service: 'checkout',
      environment: 'prod',
      alertCount: 0,
      firingCount: 0,
      escalated: true,
      createdAt: at(1).toISOString(),
      updatedAt: at(1).toISOString(),
      escalatesAt: null,
      expiresAt: null,
      runbookId: null,
      version: 1,
      closed: false,
    });
  });

  it('filters by several states (comma or repeated), severity, service, environment, escalated', async () => {
    expect(ids(await list('?state=awaiting_approval,executing&sort=createdAt&order=asc'))).toEqual(['sit-a', 'sit-b']);
    expect(ids(await list('?state=awaiting_approval&state=executing&sort=createdAt&order=asc'))).toEqual([
      'sit-a',
      'sit-b',
    ]);
    expect(ids(await list('?severity=warning&sort=createdAt'))).toEqual(['sit-e', 'sit-b']);
    expect(ids(await list('?service=api&environment=prod&sort=createdAt'))).toEqual(['sit-d', 'sit-b']);
    expect(ids(await list('?environment=staging'))).toEqual(['sit-c']);
    expect(ids(await list('?escalated=true'))).toEqual(['sit-a']);
    expect((await list('?escalated=false')).total).toBe(4);
    // Open = not finished; the rejected sit-e stays open (manual handling) until closed.
    expect(ids(await list('?closed=false&sort=createdAt&order=asc'))).toEqual(['sit-a', 'sit-b', 'sit-d', 'sit-e']);
    expect(ids(await list('?closed=true'))).toEqual(['sit-c']);
  });

  it('searches titles and alert names case-insensitively, with LIKE wildcards taken literally', async () => {
    expect(ids(await list('?q=checkouterror'))).toEqual(['sit-a']);
    expect(ids(await list('?q=LATENCY'))).toEqual(['sit-b']);
    expect(ids(await list('?q=100%25'))).toEqual(['sit-d']);
    expect((await list('?q=%25%25%25x')).total).toBe(0);
    expect((await list('?q=_')).total).toBe(0);
  });

  it('sorts by severity rank (most urgent first), then pages', async () => {
    const bySeverity = await list('?sort=severity');
    expect(bySeverity.items.map((i) => i.severity)).toEqual(['critical', 'high', 'warning', 'warning', 'info']);
    expect(ids(await list('?sort=severity&order=asc'))[0]).toBe('sit-d');
    const page = await list('?sort=createdAt&order=asc&limit=2&offset=2');
    expect(page).toMatchObject({ total: 5, limit: 2, offset: 2 });
    expect(ids(page)).toEqual(['sit-c', 'sit-d']);
  });

  it('answers bad query parameters with a 400 naming each', async () => {
    const r = await call(`${api.url}/api/v1/situations?state=bogus&limit=0&sort=title`, { token: api.tokens.viewer });
    expect(r.status).toBe(400);
    const fields = ((r.body as Problem).errors ?? []).map((e) => e.field).sort();
    expect(fields).toEqual(['query.limit', 'query.sort', 'query.state.0']);
  });

  it('accepts the hro_session cookie as well as the bearer token', async () => {
    const r = await call(`${api.url}/api/v1/situations?limit=1`, {
      headers: { cookie: `other=1; hro_session=${encodeURIComponent(api.tokens.viewer)}` },
    });
    expect(r.status).toBe(200);
  });
});

describe('GET /api/v1/situations/:id', () => {
  it('returns alerts, a merged chronological timeline, approvals with emails, ordered steps and the Temporal link', async () => {
    const r = await call(`${api.url}/api/v1/situations/sit-a`, { token: api.tokens.viewer });
    expect(r.status).toBe(200);
    const d = r.body as SituationDetail;
    expect(d.alerts).toHaveLength(1);
    expect(d.alerts[0]).toMatchObject({
      name: 'CheckoutErrorRate',
      count: 3,
      flapCount: 1,
      labels: { team: 'payments', pod: 'checkout-1' },
      status: 'firing',
    });
    expect(d.timeline.map((e) => e.kind)).toEqual([
      'alert.fired',
      'situation.transition',
      'alert.resolved',
      'alert.refired',
      'situation.transition',
      'decision.approve',
      'step.started',
      'step.succeeded',
      'step.started',
      'step.failed',
      'step.started',
      'step.succeeded',
    ]);
    const times = d.timeline.map((e) => e.at);
    expect([...times].sort()).toEqual(times);
    expect(d.timeline.find((e) => e.kind === 'decision.approve')?.actor).toBe(api.emails.approver);
    expect(d.approvals).toEqual([
      expect.objectContaining({ decision: 'approve', userEmail: api.emails.approver, reason: 'looks right' }),
    ]);
    expect(d.steps.map((s) => `${s.phase}:${s.index}`)).toEqual(['apply:0', 'apply:1', 'compensate:0']);
    expect(d.steps[1]).toMatchObject({ status: 'failed', attempts: 3, error: 'boom' });
    expect(d.temporalUrl).toBe('http://temporal.example:8233/namespaces/default/workflows/sit-a');
    expect(d.recommendation).toBeNull();
    expect(d.plan).toBeNull();
    expect(d.outcome).toBeNull();
  });

  it('answers an unknown id with a 404 problem', async () => {
    const r = await call(`${api.url}/api/v1/situations/sit-nope`, { token: api.tokens.viewer });
    expect(r.status).toBe(404);
    expect(r.type).toContain('application/problem+json');
    expect((r.body as Problem).detail).toContain('sit-nope');
  });
});

describe('POST /api/v1/situations/:id/plan (dry-run)', () => {
  beforeAll(async () => {
    const plan = renderPlan(drain, {}, { service: 'api', environment: 'prod', labels: {} });
    const recommendation: Recommendation = {
      generatedAt: at(30).toISOString(),
      candidates: [{ runbook: drain, risk: drain.risk, confidence: 0.7, rationale: 'prior', similar: [], plan }],
    };
    await seedSituation(api.prisma, {
      id: 'sit-plan',
      title: 'Pool saturated',
      state: 'awaiting_approval',
      severity: 'high',
      service: 'api',
      environment: 'prod',
      createdAt: at(0),
      recommendation,
      plan,
      features: { alertNames: [], services: ['api'], environments: ['prod'], labels: {}, text: '' },
    });
  });
  const url = () => `${api.url}/api/v1/situations/sit-plan/plan`;

  it('needs the responder role', async () => {
    expect((await call(url(), { body: { runbookId: 'drain-connection-pool' } })).status).toBe(401);
    const r = await call(url(), { token: api.tokens.viewer, body: { runbookId: 'drain-connection-pool' } });
    expect(r.status).toBe(403);
  });

  it('renders the plan with the situation context; the hash equals what the workflow computes', async () => {
    const r = await call(url(), { token: api.tokens.responder, body: { runbookId: 'drain-connection-pool' } });
    expect(r.status).toBe(200);
    const plan = r.body as Plan;
    expect(plan.params).toEqual({ service: 'api' });
    expect(plan.hash).toBe(renderPlan(drain, {}, { service: 'api', environment: 'prod', labels: {} }).hash);
    const edited = await call(url(), {
      token: api.tokens.responder,
      body: { runbookId: 'drain-connection-pool', params: { service: 'checkout' } },
    });
    expect((edited.body as Plan).params).toEqual({ service: 'checkout' });
    expect((edited.body as Plan).hash).not.toBe(plan.hash);
  });

  it('answers bad parameters with a 422 naming each', async () => {
    const r = await call(url(), {
      token: api.tokens.responder,
      body: { runbookId: 'drain-connection-pool', params: { service: 'nope', extra: 1 } },
    });
    expect(r.status).toBe(422);
    expect((r.body as Problem).errors?.map((e) => e.field).sort()).toEqual([
      'body.params.extra',
      'body.params.service',
    ]);
  });

  it('refuses a runbook that is not a candidate (422) and a missing runbookId (400)', async () => {
    const other = await call(url(), { token: api.tokens.responder, body: { runbookId: 'failover-database' } });
    expect(other.status).toBe(422);
    expect((other.body as Problem).errors?.[0]?.field).toBe('body.runbookId');
    const missing = await call(url(), { token: api.tokens.responder, body: {} });
    expect(missing.status).toBe(400);
    expect((missing.body as Problem).errors?.[0]?.field).toBe('body.runbookId');
    const unknown = await call(`${api.url}/api/v1/situations/sit-none/plan`, {
      token: api.tokens.responder,
      body: { runbookId: 'drain-connection-pool' },
    });
    expect(unknown.status).toBe(404);
  });
});

describe('runbooks and the remediation pause switch', () => {
  it('lists the catalog and shows one runbook to any signed-in user', async () => {
    expect((await call(`${api.url}/api/v1/runbooks`)).status).toBe(401);
    const r = await call(`${api.url}/api/v1/runbooks`, { token: api.tokens.viewer });
    expect(r.status).toBe(200);
    const body = r.body as { items: { id: string }[]; problems: string[] };
    expect(body.items.map((i) => i.id)).toEqual(expect.arrayContaining(['drain-connection-pool', 'failover-database']));
    expect(body.problems).toEqual([]);
    const one = await call(`${api.url}/api/v1/runbooks/failover-database`, { token: api.tokens.viewer });
    expect(one.body).toMatchObject({ id: 'failover-database', risk: 'high' });
    expect((await call(`${api.url}/api/v1/runbooks/nope`, { token: api.tokens.viewer })).status).toBe(404);
  });

  it('lets only admins flip the switch, stored as the boolean the workers read', async () => {
    const url = `${api.url}/api/v1/settings/remediation-pause`;
    expect((await call(url, { token: api.tokens.viewer })).body).toMatchObject({ paused: false, updatedAt: null });
    const denied = await call(url, { method: 'PUT', token: api.tokens.approver, body: { paused: true } });
    expect(denied.status).toBe(403);
    const bad = await call(url, { method: 'PUT', token: api.tokens.admin, body: { paused: 'yes' } });
    expect(bad.status).toBe(400);
    expect((bad.body as Problem).errors?.[0]?.field).toBe('body.paused');
    const ok = await call(url, { method: 'PUT', token: api.tokens.admin, body: { paused: true } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ paused: true });
    const row = await api.prisma.setting.findUniqueOrThrow({ where: { key: 'remediation.paused' } });
    expect(row.value).toBe(true);
  });
});
