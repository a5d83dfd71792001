import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, startHarness, type ApiHarness } from '../../api/test/support/api-harness';
import { temporalAddress } from '../../test/support/env';
import { EXIT, runCli, type CliIo } from '../src';
import { runCliProcess } from './support/run-cli';

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

async function cli(
  argv: string[],
  env: { token?: string; password?: string; url?: string | null; interactive?: boolean } = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    config: {
      url: env.url === null ? undefined : (env.url ?? h.url),
      token: env.token,
      password: env.password,
      sessionFile: join(home, 'hro', 'session.json'),
    },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    readLine: () => Promise.resolve(PW),
    interactive: env.interactive ?? false,
    ask: () => Promise.resolve('n'),
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
    const noPlan = await cli(['approve', 'sit-0123456789ab'], { interactive: true });
    expect(noPlan.code).toBe(EXIT.usage);
    expect(noPlan.err).toMatch(/has no plan to approve \(state collecting\)/);
    const missing = await cli(['show', 'sit-ffffffffffff']);
    expect(missing.code).toBe(EXIT.failed);
    expect(missing.err).toMatch(/\(404\)/);
  });

  it('refuses to approve without --plan-hash when nobody can confirm the plan (not a terminal)', async () => {
    const r = await cli(['approve', 'sit-0123456789ab', '--reason', 'x']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/approve without --plan-hash .* needs a terminal/);
    expect(r.err).toMatch(/approve sit-0123456789ab --plan-hash <hash>/);
  });

  it('sends the stored session only to its own server; HRO_URL picks the server', async () => {
    // A server that records what reaches it: the stored token must never arrive here.
    const seen: IncomingHttpHeaders[] = [];
    const other = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[],"total":0,"offset":0}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const r = await cli(['situations'], { url: otherUrl });
      expect(r.code).toBe(EXIT.auth);
      expect(r.err).toContain(`not logged in to ${otherUrl} (the stored login is for ${h.url}); run login`);
      expect(seen).toEqual([]);
      // A token the user gives goes where the user says.
      expect((await cli(['situations'], { url: otherUrl, token: 'hro_explicit' })).out).toBe('No situations.');
      expect(seen.map((x) => x.authorization)).toEqual(['Bearer hro_explicit']);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
    // Unset HRO_URL: the stored login's server.
    expect((await cli(['situations'], { url: null })).out).toMatch(/sit-0123456789ab/);
  });

  it('rejects usage errors with exit code 2 before calling the API', async () => {
    expect((await cli(['reject', 'sit-0123456789ab'])).code).toBe(EXIT.usage);
    expect((await cli(['situations', '--state', 'bogus'])).err).toMatch(/unknown state bogus/);
    expect((await cli(['show'])).code).toBe(EXIT.usage);
    expect((await cli(['frobnicate'])).code).toBe(EXIT.usage);
    expect((await cli(['situations', '--nope'])).code).toBe(EXIT.usage);
    const badHash = await cli(['approve', 'sit-0123456789ab', '--plan-hash', 'deadbeef']);
    expect(badHash.code).toBe(EXIT.usage);
    expect(badHash.err).toMatch(/64-hex-digit plan hash/);
  });

  it('gets 403 as a viewer trying to decide', async () => {
    const login = await cli(['login', '--email', 'vic@example.com']);
    expect(login.code).toBe(EXIT.ok);
    const r = await cli(['reject', 'sit-0123456789ab', '--reason', 'no', '--plan-hash', 'a'.repeat(64)]);
    expect(r.code).toBe(EXIT.auth);
    expect(r.err).toMatch(/\(403\)/);
  });
});

describe('cli as a process (npm run cli)', () => {
  let home2: string;
  beforeAll(() => {
    home2 = mkdtempSync(join(tmpdir(), 'hro-cli-proc-'));
  });
  afterAll(() => rmSync(home2, { recursive: true, force: true }));

  it('logs in with the password piped on stdin, with or without a final newline', async () => {
    const env = { HRO_URL: h.url, XDG_CONFIG_HOME: home2 };
    const piped = await runCliProcess(['login', '--email', 'ann@example.com'], env, `${PW}\n`);
    expect(piped.err).toBe('');
    expect(piped).toMatchObject({ code: EXIT.ok });
    expect(piped.out).toMatch(/^Logged in to http:\/\/127\.0\.0\.1:\d+ as ann@example.com \(approver\)/);
    const bare = await runCliProcess(['login', '--email', 'ann@example.com'], env, PW);
    expect(bare.code).toBe(EXIT.ok);
    const wrong = await runCliProcess(['login', '--email', 'ann@example.com'], env, 'not the password\n');
    expect(wrong.code).toBe(EXIT.auth);
    expect(wrong.err).toMatch(/\(401\)/);
  });

  it('uses the stored login without HRO_URL and refuses another HRO_URL without sending it', async () => {
    const stored = await runCliProcess(['situations'], { XDG_CONFIG_HOME: home2 });
    expect(stored.code).toBe(EXIT.ok);
    expect(stored.out).toMatch(/sit-0123456789ab/);
    const slash = await runCliProcess(['situations'], { XDG_CONFIG_HOME: home2, HRO_URL: `${h.url}/` });
    expect(slash.code).toBe(EXIT.ok); // the same server, spelled differently
    // Nothing listens on port 9 (discard): a request there would fail with "cannot reach".
    const elsewhere = await runCliProcess(['situations'], { XDG_CONFIG_HOME: home2, HRO_URL: 'http://127.0.0.1:9' });
    expect(elsewhere.code).toBe(EXIT.auth);
    expect(elsewhere.err).toMatch(/^not logged in to http:\/\/127\.0\.0\.1:9 .*; run login/);
  });

  it('refuses approve without --plan-hash when stdin is not a terminal', async () => {
    const r = await runCliProcess(['approve', 'sit-0123456789ab'], { XDG_CONFIG_HOME: home2 });
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/needs a terminal on stdin and stderr/);
    expect(r.out).toBe('');
  });
});
