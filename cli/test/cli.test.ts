import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, startHarness, type ApiHarness } from '../../api/test/support/api-harness';
import { temporalAddress } from '../../test/support/env';
import { EXIT, runCli, type CliIo } from '../src';

// The CLI against the real API (real Postgres, real Temporal address), started in-process.
const PW = 'correct horse battery staple';
let h: ApiHarness;
let home: string;

beforeAll(async () => {
  h = await startHarness({
    temporalAddress: temporalAddress(),
    env: { HRO_RUNBOOKS_DIR: join(__dirname, '..', '..', 'runbooks') },
  });
  await createUser(h.prisma, 'ann@example.com', 'approver', PW);
  await createUser(h.prisma, 'vic@example.com', 'viewer', PW);
  await h.prisma.situation.create({
    data: {
      id: 'sit-0123456789ab',
      correlationKey: 'prod|orders-db',
      title: 'orders-db: DatabasePrimaryDown',
      state: 'collecting',
      severity: 'critical',
      service: 'orders-db',
      environment: 'prod',
      alertCount: 1,
      firingCount: 1,
    },
  });
  home = mkdtempSync(join(tmpdir(), 'hro-cli-'));
});
afterAll(async () => {
  rmSync(home, { recursive: true, force: true });
  await h?.close();
});

async function cli(argv: string[], env: { token?: string; password?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    config: { url: h.url, token: env.token, password: env.password, sessionFile: join(home, 'hro', 'session.json') },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    readLine: () => Promise.resolve(PW),
  };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cli', () => {
  it('refuses commands before login, with the auth exit code', async () => {
    const r = await cli(['situations']);
    expect(r.code).toBe(EXIT.auth);
    expect(r.err).toMatch(/not logged in/);
  });

  it('prints problem+json plainly on a bad login', async () => {
    const r = await cli(['login', '--email', 'ann@example.com'], { password: 'wrong' });
    expect(r.code).toBe(EXIT.auth);
    expect(r.err).toMatch(/\(401\)/);
  });

  it('logs in (session stored 0600), lists situations and runbooks, shows one', async () => {
    const login = await cli(['login', '--email', 'ann@example.com']);
    expect(login).toMatchObject({ code: EXIT.ok });
    expect(login.out).toMatch(/as ann@example.com \(approver\)/);
    expect(statSync(join(home, 'hro', 'session.json')).mode & 0o777).toBe(0o600);

    const list = await cli(['situations', '--state', 'collecting']);
    expect(list.code).toBe(EXIT.ok);
    expect(list.out).toMatch(/sit-0123456789ab\s+collecting\s+critical\s+orders-db\s+1\/1/);
    expect((await cli(['situations', '--state', 'resolved'])).out).toBe('No situations.');

    const runbooks = await cli(['runbooks']);
    expect(runbooks.out).toMatch(/failover-database\s+1\s+high/);

    const show = await cli(['show', 'sit-0123456789ab']);
    expect(show.code).toBe(EXIT.ok);
    expect(show.out).toMatch(/^sit-0123456789ab {2}orders-db: DatabasePrimaryDown/);
  });

  it('will not approve a situation that has no plan, and reports unknown ids', async () => {
    const noPlan = await cli(['approve', 'sit-0123456789ab']);
    expect(noPlan.code).toBe(EXIT.usage);
    expect(noPlan.err).toMatch(/has no plan to approve \(state collecting\)/);
    const missing = await cli(['show', 'sit-ffffffffffff']);
    expect(missing.code).toBe(EXIT.failed);
    expect(missing.err).toMatch(/\(404\)/);
  });

  it('rejects usage errors with exit code 2 before calling the API', async () => {
    expect((await cli(['reject', 'sit-0123456789ab'])).code).toBe(EXIT.usage);
    expect((await cli(['situations', '--state', 'bogus'])).err).toMatch(/unknown state bogus/);
    expect((await cli(['show'])).code).toBe(EXIT.usage);
    expect((await cli(['frobnicate'])).code).toBe(EXIT.usage);
    expect((await cli(['situations', '--nope'])).code).toBe(EXIT.usage);
  });

  it('gets 403 as a viewer trying to decide', async () => {
    const login = await cli(['login', '--email', 'vic@example.com']);
    expect(login.code).toBe(EXIT.ok);
    const r = await cli(['reject', 'sit-0123456789ab', '--reason', 'no', '--plan-hash', 'a'.repeat(64)]);
    expect(r.code).toBe(EXIT.auth);
    expect(r.err).toMatch(/\(403\)/);
  });
});
