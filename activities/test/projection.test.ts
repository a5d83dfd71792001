import pino from 'pino';
import { createPrisma, type PrismaClient } from '@hro/db';
import type { SituationSnapshot, SituationState } from '@hro/domain';
import { catalogOf, createActivities, type ProjectionInput, type Publisher } from '../src';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';

jest.setTimeout(60_000);

let db: TestDatabase;
let prisma: PrismaClient;
const published: number[] = [];
const publisher: Publisher = {
  situationChanged: (e) => void published.push(e.version),
  executionChanged: () => undefined,
};

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma(db.url, { max: 2 });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

function input(
  id: string,
  version: number,
  state: SituationState,
  extra: Partial<SituationSnapshot> = {},
): ProjectionInput {
  const at = new Date(Date.UTC(2026, 11, 3, 12, 0, version)).toISOString();
  return {
    snapshot: {
      situationId: id,
      correlationKey: `service=${id}`,
      version,
      state,
      title: `title v${version}`,
      severity: 'critical',
      service: 'api',
      environment: 'prod',
      escalated: false,
      alerts: [],
      alertCount: version,
      firingCount: version,
      createdAt: '2026-12-03T12:00:00.000Z',
      updatedAt: at,
      firstAlertAt: '2026-12-03T12:00:00.000Z',
      recommendation: null,
      plan: null,
      approvals: [],
      decidedAt: null,
      escalatesAt: null,
      expiresAt: null,
      paused: false,
      outcome: null,
      closed: false,
      ...extra,
    },
    transition: { from: null, to: state, reason: `v${version}`, actor: null, at },
    features: { alertNames: ['HighLatency'], services: ['api'], environments: ['prod'], labels: {}, text: 'x' },
  };
}

describe('projectSituation', () => {
  const acts = () => createActivities({ prisma, publisher, catalog: catalogOf([]), logger: pino({ level: 'silent' }) });

  it('applies only newer versions, whatever order they arrive in, and is idempotent', async () => {
    const { projectSituation } = acts();
    published.length = 0;
    expect(await projectSituation(input('sit-order', 1, 'collecting'))).toEqual({ applied: true });
    expect(await projectSituation(input('sit-order', 3, 'awaiting_approval'))).toEqual({ applied: true });
    // A late (older) delivery and a retry of the newest are both ignored.
    expect(await projectSituation(input('sit-order', 2, 'recommending'))).toEqual({ applied: false });
    expect(await projectSituation(input('sit-order', 3, 'awaiting_approval'))).toEqual({ applied: false });
    const row = await prisma.situation.findUniqueOrThrow({
      where: { id: 'sit-order' },
      include: { transitions: true },
    });
    expect(row).toMatchObject({ state: 'awaiting_approval', version: 3, alertCount: 3, title: 'title v3' });
    expect(row.features).toMatchObject({ alertNames: ['HighLatency'] });
    expect(row.transitions.map((t) => t.version).sort()).toEqual([1, 3]);
    expect(published).toEqual([1, 3]);
  });

  it('serialises concurrent projections of one situation', async () => {
    const { projectSituation } = acts();
    await Promise.all([5, 1, 4, 2, 3].map((v) => projectSituation(input('sit-race', v, 'collecting'))));
    const row = await prisma.situation.findUniqueOrThrow({ where: { id: 'sit-race' } });
    expect(row.version).toBe(5);
  });

  it('updates a row the router created (version 0) and releases the correlation key when closed', async () => {
    const { projectSituation } = acts();
    await prisma.situation.create({
      data: { id: 'sit-close', correlationKey: 'service=sit-close', title: 't', state: 'collecting', severity: 'info' },
    });
    await prisma.correlationKey.create({ data: { key: 'service=sit-close', situationId: 'sit-close' } });
    await projectSituation(input('sit-close', 1, 'collecting'));
    expect((await prisma.correlationKey.findUniqueOrThrow({ where: { key: 'service=sit-close' } })).situationId).toBe(
      'sit-close',
    );
    const outcome = { state: 'auto_resolved' as const, message: 'done', compensationsRun: [] };
    await projectSituation(input('sit-close', 2, 'auto_resolved', { closed: true, outcome }));
    const row = await prisma.situation.findUniqueOrThrow({ where: { id: 'sit-close' } });
    expect(row.closedAt).not.toBeNull();
    expect(row.outcome).toEqual(outcome);
    expect(
      (await prisma.correlationKey.findUniqueOrThrow({ where: { key: 'service=sit-close' } })).situationId,
    ).toBeNull();
  });

  it('does not release a key that already points at a newer situation', async () => {
    const { projectSituation } = acts();
    await prisma.correlationKey.create({ data: { key: 'service=sit-old', situationId: 'sit-new' } });
    await projectSituation(input('sit-old', 1, 'expired', { closed: true }));
    expect((await prisma.correlationKey.findUniqueOrThrow({ where: { key: 'service=sit-old' } })).situationId).toBe(
      'sit-new',
    );
  });
});
