import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS_DIR, migrate } from '../src/migrate';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';

describe('migrator', () => {
  let db: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'hro-migrations-'));

  beforeAll(async () => {
    db = await createTestDatabase(); // already migrated once
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is idempotent, also when several processes migrate at once', async () => {
    const results = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);
    for (const r of results) expect(r.applied).toEqual([]);
  });

  it('applies a new migration once and records it', async () => {
    const name = '29990101000000_probe';
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'migration.sql'), 'CREATE TABLE "probe" ("id" INTEGER NOT NULL);\n');
    expect((await migrate(db.url, dir)).applied).toEqual([name]);
    expect((await migrate(db.url, dir)).applied).toEqual([]);
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query('SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = $1', [
      name,
    ]);
    await c.end();
    expect(rows[0].n).toBe(1);
  });

  it('refuses to run when an applied migration was edited', async () => {
    appendFileSync(join(dir, '20261203190000_init', 'migration.sql'), '\n-- edited\n');
    await expect(migrate(db.url, dir)).rejects.toThrow(/20261203190000_init was modified/);
  });

  it('rolls back a failing migration and records nothing for it', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'hro-migrations-bad-'));
    cpSync(MIGRATIONS_DIR, fresh, { recursive: true });
    mkdirSync(join(fresh, '29990102000000_broken'));
    writeFileSync(
      join(fresh, '29990102000000_broken', 'migration.sql'),
      'CREATE TABLE "half" ("id" INT);\nSELECT nope();\n',
    );
    await expect(migrate(db.url, fresh)).rejects.toThrow(/29990102000000_broken failed/);
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const t = await c.query(`SELECT to_regclass('public.half') AS t`);
    const m = await c.query(
      `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '29990102000000_broken'`,
    );
    await c.end();
    rmSync(fresh, { recursive: true, force: true });
    expect(t.rows[0].t).toBeNull();
    expect(m.rows[0].n).toBe(0);
  });
});
