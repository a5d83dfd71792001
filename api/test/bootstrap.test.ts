import { createPrisma, type PrismaClient } from '@hro/db';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { verifyPassword } from '../src/auth/password';
import { hashToken } from '../src/auth/tokens';
import { ensureAdmin, ensureIngestToken } from '../src/bootstrap';

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma(db.url);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe('bootstrap', () => {
  it('creates the first admin once, with a generated password returned only then', async () => {
    const first = await ensureAdmin(prisma, { email: 'Ops@Example.com' });
    expect(first).toMatchObject({ created: true, email: 'ops@example.com' });
    expect(first.password).toEqual(expect.any(String));
    const row = await prisma.user.findUniqueOrThrow({ where: { email: 'ops@example.com' } });
    expect(row.role).toBe('admin');
    expect(await verifyPassword(first.password!, row.passwordHash)).toBe(true);

    const again = await ensureAdmin(prisma, { email: 'ops@example.com', password: 'something else entirely' });
    expect(again).toEqual({ created: false, email: 'ops@example.com' });
    const unchanged = await prisma.user.findUniqueOrThrow({ where: { email: 'ops@example.com' } });
    expect(unchanged.passwordHash).toBe(row.passwordHash);
  });

  it('uses a given admin password without echoing it', async () => {
    const r = await ensureAdmin(prisma, { email: 'lead@example.com', password: 'a chosen password 123' });
    expect(r).toEqual({ created: true, email: 'lead@example.com' });
  });

  it('generates an ingest token once; a given token becomes valid and stays idempotent', async () => {
    const gen = await ensureIngestToken(prisma, { kind: 'alertmanager' });
    expect(gen).toMatchObject({ created: true, name: 'alertmanager-default' });
    expect(gen.token).toMatch(/^hro_ing_/);
    const row = await prisma.integration.findUniqueOrThrow({ where: { id: gen.integrationId } });
    expect(row.tokenHash).toBe(hashToken(gen.token!));
    expect(await ensureIngestToken(prisma, { kind: 'alertmanager' })).toEqual({
      created: false,
      integrationId: gen.integrationId,
      name: 'alertmanager-default',
    });

    // An operator-set token (HRO_INGEST_TOKEN) re-keys the default integration, once.
    const set = await ensureIngestToken(prisma, { kind: 'alertmanager', token: 'hro_ing_operator_chosen' });
    expect(set).toMatchObject({ created: true, integrationId: gen.integrationId });
    expect(set.token).toBeUndefined();
    const again = await ensureIngestToken(prisma, { kind: 'alertmanager', token: 'hro_ing_operator_chosen' });
    expect(again.created).toBe(false);
    const rekeyed = await prisma.integration.findUniqueOrThrow({ where: { id: gen.integrationId } });
    expect(rekeyed.tokenHash).toBe(hashToken('hro_ing_operator_chosen'));
  });
});
