import { join } from 'node:path';
import { createPrisma, type PrismaClient } from '@hro/db';
import type { SituationFeatures } from '@hro/domain';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { loadCatalog } from '../src/catalog';
import { createRecommendationActivities } from '../src/recommendation';

const catalog = loadCatalog(join(__dirname, '..', '..', 'runbooks'), {
  commandAllowlist: ['hro-demo-ctl'],
  httpAllowlist: ['127.0.0.1:3999'],
});

const latency: SituationFeatures = {
  alertNames: ['ApiHighLatency'],
  services: ['api'],
  environments: ['prod'],
  labels: { team: 'web' },
  text: 'p99 latency of api above 1s',
};

describe('recommend activity (real Postgres)', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrisma(db.url, { max: 2 });
    const row = (id: string, state: string, runbookId: string | null, features: unknown) => ({
      id,
      correlationKey: `prod|api|${id}`,
      title: `API latency ${id}`,
      state,
      severity: 'critical',
      service: 'api',
      environment: 'prod',
      runbookId,
      features: features as object,
      closedAt: new Date('2026-12-01T10:00:00Z'),
    });
    await prisma.situation.createMany({
      data: [
        row('sit-past-scale-1', 'resolved', 'scale-out', latency),
        row('sit-past-scale-2', 'resolved', 'scale-out', latency),
        row('sit-past-restart', 'not_fixed', 'restart-service', latency),
        // Not evidence: still open, no features, or this very situation.
        row('sit-open', 'awaiting_approval', 'restart-service', latency),
        row('sit-nofeatures', 'resolved', 'restart-service', null),
        row('sit-now', 'resolved', 'restart-service', latency),
      ],
    });
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  it('ranks applicable runbooks by the outcomes of similar finished situations', async () => {
    const { recommend } = createRecommendationActivities({
      prisma,
      catalog,
      clock: () => new Date('2026-12-03T12:00:00Z'),
    });
    const rec = await recommend({ situationId: 'sit-now', features: latency, context: { service: 'api' } });
    expect(rec.generatedAt).toBe('2026-12-03T12:00:00.000Z');
    // scale-out: 3/4 − 0.1 = 0.65; drain: prior 0.5; restart: 1/3 (one not_fixed) − 0 = 0.333
    expect(rec.candidates.map((c) => [c.runbook.id, c.confidence])).toEqual([
      ['scale-out', 0.75],
      ['drain-connection-pool', 0.5],
      ['restart-service', 0.333],
    ]);
    const top = rec.candidates[0]!;
    expect(top.similar.map((s) => s.situationId).sort()).toEqual(['sit-past-scale-1', 'sit-past-scale-2']);
    expect(top.rationale).toContain('sit-past-scale-1 (resolved, 100% similar)');
    expect(top.plan.params).toEqual({ service: 'api', replicas: 6 });
    expect(rec.candidates[2]!.similar.map((s) => s.situationId)).toEqual(['sit-past-restart']);
    expect(rec.skipped).toEqual([]);
  });

  it('reports an applicable runbook it cannot plan as skipped', async () => {
    const { recommend } = createRecommendationActivities({ prisma, catalog });
    const db: SituationFeatures = { ...latency, alertNames: ['DatabasePrimaryDown'], services: ['orders-db'] };
    const rec = await recommend({ situationId: 'sit-db', features: db, context: { service: 'orders-db' } });
    expect(rec.candidates).toEqual([]);
    expect(rec.skipped).toEqual([{ runbookId: 'failover-database', version: 1, reason: 'cluster: is required' }]);
    const withLabel = await recommend({
      situationId: 'sit-db',
      features: db,
      context: { service: 'orders-db', labels: { cluster: 'orders-db' } },
    });
    expect(withLabel.candidates.map((c) => [c.runbook.id, c.plan.requiredApprovals])).toEqual([
      ['failover-database', 2],
    ]);
  });
});
