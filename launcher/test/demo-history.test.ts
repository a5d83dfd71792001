import { join } from 'node:path';
import pino from 'pino';
import { createPrisma, type PrismaClient } from '@hro/db';
import { parseAnalyticsQuery, safety, speed, volume } from '@hro/api/src/analytics';
import { loadCatalog } from '@hro/activities/src/catalog';
import { createRecommendationActivities } from '@hro/activities/src/recommendation';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { ROOT } from '../../test/support/env';
import { seedDemoHistory } from '../src/demo-history';

// The launcher's demo history over real Postgres: every seeded situation is consistent with
// its alerts, deliveries, transitions and runbook steps, a restart adds nothing, and the
// analytics and the recommender read it as they read live data.

const RUNBOOKS = join(ROOT, 'runbooks');
const NOW = new Date('2026-12-10T12:00:00.000Z');
const DAY = 86_400_000;
const silent = pino({ level: 'silent' });

async function counts(prisma: PrismaClient) {
  return {
    situations: await prisma.situation.count(),
    transitions: await prisma.situationTransition.count(),
    alerts: await prisma.alert.count(),
    events: await prisma.alertEvent.count(),
    steps: await prisma.executionStep.count(),
  };
}

describe('demo history (real Postgres)', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let seeded: Awaited<ReturnType<typeof seedDemoHistory>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrisma(db.url, { max: 2 });
    // As the launcher does it: the ingest integration first, then the history.
    await prisma.integration.create({ data: { name: 'alertmanager-default', kind: 'alertmanager', tokenHash: 'h' } });
    seeded = await seedDemoHistory(prisma, RUNBOOKS, silent, NOW);
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  it('seeds eight past situations with their alerts and steps, and nothing more on a restart', async () => {
    expect(seeded).toEqual({ situations: 8, alerts: 16 });
    const first = await counts(prisma);
    // 2+2+2+3+2+2+1+2 alerts; deliveries per incident worked out in the analytics test below.
    expect(first).toMatchObject({ situations: 8, alerts: 16, events: 100 });
    expect(await seedDemoHistory(prisma, RUNBOOKS, silent, NOW)).toEqual({ situations: 0, alerts: 0 });
    expect(await counts(prisma)).toEqual(first);
  });

  it('keeps every situation consistent with its transitions, alerts and deliveries', async () => {
    const situations = await prisma.situation.findMany({
      include: {
        transitions: { orderBy: { version: 'asc' } },
        alerts: { include: { events: { orderBy: [{ at: 'asc' }, { id: 'asc' }] } } },
      },
    });
    const integration = await prisma.integration.findUniqueOrThrow({ where: { name: 'alertmanager-default' } });
    for (const s of situations) {
      const path = s.transitions;
      expect(path.map((t) => t.version)).toEqual(path.map((_, n) => n + 1));
      expect(s.version).toBe(path.length);
      path.forEach((t, n) => {
        expect(t.fromState).toBe(n === 0 ? null : path[n - 1]!.toState);
        if (n > 0) expect(t.at.getTime()).toBeGreaterThanOrEqual(path[n - 1]!.at.getTime());
      });
      expect(path[0]!.at).toEqual(s.createdAt);
      expect(path.at(-1)).toMatchObject({ toState: s.state, at: s.closedAt });
      expect(s.alerts).toHaveLength(s.alertCount);
      for (const a of s.alerts) {
        expect(a).toMatchObject({ status: 'resolved', integrationId: integration.id, source: 'alertmanager' });
        expect(a.count).toBe(a.events.length);
        expect(a.events[0]!.kind).toBe('fired');
        expect(a.events[0]!.at).toEqual(a.firstSeenAt);
        expect(a.events.at(-1)).toMatchObject({ kind: 'resolved', at: a.lastSeenAt });
        expect(a.events.filter((e) => e.kind === 'refired')).toHaveLength(a.flapCount);
        expect(a.firstSeenAt.getTime()).toBeGreaterThanOrEqual(s.createdAt.getTime());
        // No firing delivery after the situation closed (ingest would open a new one).
        const late = a.events.filter((e) => e.kind !== 'resolved' && e.at.getTime() > s.closedAt!.getTime());
        expect(late).toEqual([]);
      }
      // A resolved situation closes with its last alert's resolve.
      if (s.state === 'resolved') {
        expect(Math.max(...s.alerts.map((a) => a.resolvedAt!.getTime()))).toBe(s.closedAt!.getTime());
      }
    }
  });

  it("records the steps of each situation's runbook, with compensations for the rollback", async () => {
    const catalog = loadCatalog(RUNBOOKS, { commandAllowlist: ['hro-demo-ctl'], httpAllowlist: ['127.0.0.1:3999'] });
    const situations = await prisma.situation.findMany({ include: { steps: true } });
    for (const s of situations) {
      const runbook = catalog.get(s.runbookId!)!;
      const apply = s.steps.filter((x) => x.phase === 'apply').sort((a, b) => a.index - b.index);
      expect(apply.map((x) => x.name)).toEqual(runbook.steps.map((x) => x.name));
      expect(s.steps.every((x) => x.idempotencyKey === `${s.id}:${x.phase}:${x.index}`)).toBe(true);
      if (s.state !== 'rolled_back') {
        expect(s.steps.every((x) => x.status === 'succeeded' && x.phase === 'apply')).toBe(true);
      }
    }
    const rolledBack = situations.find((s) => s.state === 'rolled_back')!;
    // rollback-deployment: rollback ok, verify-health failed after 6 (patient) attempts, rollback undone.
    expect(
      rolledBack.steps
        .sort((a, b) => a.startedAt!.getTime() - b.startedAt!.getTime())
        .map((x) => [x.phase, x.index, x.name, x.status, x.attempts]),
    ).toEqual([
      ['apply', 0, 'rollback', 'succeeded', 1],
      ['apply', 1, 'verify-health', 'failed', 6],
      ['compensate', 0, 'undo: rollback', 'succeeded', 1],
    ]);
    expect(rolledBack.outcome).toMatchObject({ state: 'rolled_back', compensationsRun: ['rollback'] });
  });

  it('gives the analytics realistic numbers for the last 30 days', async () => {
    const f = parseAnalyticsQuery({ from: new Date(NOW.getTime() - 30 * DAY).toISOString(), to: NOW.toISOString() });
    // Deliveries (fired + replica copy + a repeat every 5 min while firing + resolved):
    // d001 5+5, d002 4+4, d003 7+7, d004 8+9+11 (one flap), d005 8+8, d006 5+5, d007 6, d008 4+4 = 100;
    // 16 fired, 1 refired, 17 resolved, 66 duplicates.
    expect(await volume(prisma, f)).toMatchObject({
      alertsReceived: 100,
      uniqueAlerts: 16,
      duplicates: 66,
      situations: 8,
      dedupRatio: 0.84,
      compressionRatio: 2,
      noiseReduction: 0.92,
    });
    const s = await speed(prisma, f, NOW);
    const byState = Object.fromEntries(s.timeInState.map((t) => [t.state, t]));
    // One stay per state and situation, whatever the same-state updates: collecting is the
    // 30 s group window, awaiting 60 → 240 s (across the flap and the first approvals).
    expect(byState.collecting).toMatchObject({ visits: 8, avgSeconds: 30 });
    expect(byState.awaiting_approval).toMatchObject({ visits: 8, avgSeconds: 180 });
    // executing: 480+180+960+1500+1200+360+720+180; verifying: 120 s for all but the rollback.
    expect(byState.executing).toMatchObject({ visits: 8, totalSeconds: 5580 });
    expect(byState.verifying).toMatchObject({ visits: 7, totalSeconds: 840 });
    expect(s.mtta).toMatchObject({ count: 8, avg: 240 });
    expect(s.approvalLatency).toMatchObject({ count: 8, avg: 180 });
    // MTTR over the 6 resolved: 840, 540, 1320, 1860, 720, 1080 s.
    expect(s.mttr.count).toBe(6);
    expect(s.mttr.avg).toBeCloseTo(6360 / 6, 6);
    const { overall } = await safety(prisma, f);
    expect(overall).toMatchObject({
      situations: 8,
      executed: 8,
      resolved: 6,
      notFixed: 1,
      rolledBack: 1,
      successRate: 0.75,
      compensations: 1,
    });
  });

  it('is evidence for the recommender', async () => {
    const catalog = loadCatalog(RUNBOOKS, { commandAllowlist: ['hro-demo-ctl'], httpAllowlist: ['127.0.0.1:3999'] });
    const { recommend } = createRecommendationActivities({ prisma, catalog });
    const rec = await recommend({
      situationId: 'sit-live',
      features: {
        alertNames: ['CheckoutHighErrorRate'],
        services: ['checkout'],
        environments: ['prod'],
        labels: { team: 'payments', environment: 'prod', service: 'checkout', severity: 'critical' },
        text: 'CheckoutHighErrorRate checkout prod payments',
      },
      context: { service: 'checkout' },
    });
    const rollback = rec.candidates.find((c) => c.runbook.id === 'rollback-deployment');
    expect(rollback?.similar.map((x) => [x.situationId, x.outcome]).sort()).toEqual([
      ['sit-00000000d003', 'resolved'],
      ['sit-00000000d008', 'rolled_back'],
    ]);
  });
});

describe('demo history seeded by an older launcher (situations only)', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrisma(db.url, { max: 2 });
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  it('adds the missing alerts and steps, timed from the existing situation, and keeps its transitions', async () => {
    const created = new Date('2026-11-01T08:00:00.000Z');
    await prisma.situation.create({
      data: {
        id: 'sit-00000000d007',
        correlationKey: 'environment=prod|service=orders-db',
        title: 'orders-db primary down (prod)',
        state: 'resolved',
        severity: 'critical',
        runbookId: 'failover-database',
        version: 1,
        createdAt: created,
        closedAt: new Date(created.getTime() + 18 * 60_000),
        transitions: { create: [{ toState: 'resolved', at: created, version: 1 }] },
      },
    });
    expect(await seedDemoHistory(prisma, RUNBOOKS, silent, NOW)).toEqual({ situations: 7, alerts: 16 });
    const old = await prisma.situation.findUniqueOrThrow({
      where: { id: 'sit-00000000d007' },
      include: { alerts: { include: { events: true } }, transitions: true, steps: true },
    });
    expect(old.transitions).toHaveLength(1);
    expect(old.alerts.map((a) => [a.name, a.firstSeenAt, a.integrationId])).toEqual([
      ['DatabasePrimaryDown', created, null],
    ]);
    expect(old.alerts[0]!.events).toHaveLength(6);
    expect(old.steps).toHaveLength(5);
    expect(await seedDemoHistory(prisma, RUNBOOKS, silent, NOW)).toEqual({ situations: 0, alerts: 0 });
    expect(await prisma.alertEvent.count()).toBe(100);
  });
});
