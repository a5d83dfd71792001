import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/support/temporal-server';
import { ROOT } from '../../test/support/env';

// `npm start` for real: embedded Postgres, the Temporal dev server, demo target, both
// workers and the API as a child process tree on free ports and a temporary data dir.
// Checks the printed credentials work, that SIGINT leaves no process behind, and that a
// restart keeps the data and prints no new secret.
jest.setTimeout(600_000);

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startLauncher(env: Record<string, string>): Run {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'launcher/src/main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitForBanner(run: Run, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void run.exited.then(() => (exited = true));
  while (!run.output().includes('HITL Response Orchestrator is running.')) {
    if (exited || Date.now() > deadline) {
      throw new Error(`launcher did not come up (${exited ? 'it exited' : 'timeout'}):\n${run.output().slice(-6000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Every process below `pid` (children, grandchildren: Postgres backends, tsx loaders). */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the parenthesised command name, which may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf) {
      if (parent === p) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    // A zombie is gone in every way that matters but still answers signal 0.
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

async function stopAndCheck(run: Run): Promise<void> {
  const pids = descendants(run.child.pid!);
  // Postgres, Temporal, demo target, two workers and the API at least.
  expect(pids.length).toBeGreaterThanOrEqual(6);
  run.child.kill('SIGINT');
  expect(await run.exited).toBe(0);
  const stray = pids.filter(alive);
  expect(stray).toEqual([]);
  expect(run.output()).toContain('all stopped');
}

async function login(port: number, email: string, password: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

describe('npm start (launcher)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hro-launcher-'));
  // Postgres runs as the unprivileged `postgres` user when we are root: it must reach its dir.
  chmodSync(dataDir, 0o755);
  let env: Record<string, string>;
  let run: Run | undefined;

  beforeAll(async () => {
    env = {
      HRO_DATA_DIR: dataDir,
      PORT: String(await freePort()),
      HRO_PG_PORT: String(await freePort()),
      HRO_TEMPORAL_PORT: String(await freePort()),
      HRO_TEMPORAL_UI_PORT: String(await freePort()),
      HRO_DEMO_TARGET_PORT: String(await freePort()),
      // Two consecutive ports are not guaranteed free: the worker metrics stay off here.
      HRO_WORKER_METRICS_PORT: '0',
      // The shipped runbooks address the demo target on its default port.
      HRO_HTTP_ALLOWLIST: '127.0.0.1:3999',
    };
  });

  afterAll(async () => {
    if (run && run.child.exitCode === null) {
      run.child.kill('SIGINT');
      await run.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, prints working credentials once, stops cleanly and keeps data across a restart', async () => {
    const port = Number(env.PORT);
    run = startLauncher(env);
    await waitForBanner(run, 300_000);
    const first = run.output();
    const creds = /Log in as (\S+) with password (\S+)/.exec(first);
    const token = /Ingest token \(([^)]+)\): (hro_ing_\S+)/.exec(first);
    expect(creds).not.toBeNull();
    expect(token).not.toBeNull();
    const [, email, password] = creds!;
    const ingestToken = token![2]!;

    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const ok = await login(port, email!, password!);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { user: { role: string } }).user.role).toBe('admin');
    expect((await login(port, email!, 'wrong-password-123')).status).toBe(401);
    // The demo's second approver (four-eyes) is printed once too and logs in.
    const approver = /Second approver \(four-eyes demo\): (\S+) with password (\S+)/.exec(first);
    expect(approver).not.toBeNull();
    const asApprover = await login(port, approver![1]!, approver![2]!);
    expect(((await asApprover.json()) as { user: { role: string } }).user.role).toBe('approver');
    // The printed token authenticates ingest (a bad body is then a 400, not a 401).
    const ingest = (t: string) =>
      fetch(`http://127.0.0.1:${port}/api/v1/ingest/alertmanager`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
        body: '{"version":"4"}',
      });
    expect((await ingest(ingestToken)).status).toBe(400);
    expect((await ingest('hro_ing_not-a-real-token-000000000000')).status).toBe(401);
    // The demo history is there for the recommender from the first start.
    const list = await fetch(`http://127.0.0.1:${port}/api/v1/situations?state=resolved`, {
      headers: {
        authorization: `Bearer ${((await (await login(port, email!, password!)).json()) as { token: string }).token}`,
      },
    });
    expect(list.status).toBe(200);

    await stopAndCheck(run);

    run = startLauncher(env);
    await waitForBanner(run, 300_000);
    const second = run.output();
    expect(second).not.toMatch(/with password \S+/);
    expect(second).not.toContain('hro_ing_');
    expect(second).toContain('reusing the embedded PostgreSQL cluster');
    expect((await login(port, email!, password!)).status).toBe(200);
    await stopAndCheck(run);
  });
});
