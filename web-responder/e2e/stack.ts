import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { freePort } from '../../test/support/temporal-server';

export const ROOT = join(__dirname, '..', '..');
const RESPONDER_DIST = join(ROOT, 'web-responder', 'dist', 'browser');
const RESULTS = join(ROOT, 'test-results');

/** The whole product as `npm start` runs it, on free ports, against a fresh database. */
export interface Stack {
  baseUrl: string;
  demoTargetUrl: string;
  ingestToken: string;
  admin: { email: string; password: string };
  stop(): Promise<void>;
}

/** Builds the Angular app once if no build is present (the API serves dist/browser). */
export function ensureResponderBuild(): void {
  if (existsSync(join(RESPONDER_DIST, 'index.html'))) return;
  const r = spawnSync('npm', ['run', 'build', '-w', 'web-responder'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('ng build failed');
}

// The shipped runbooks act on the demo target at its default port; the e2e runs it on a
// free port, so it uses a copy of the catalog pointing there.
function runbooksFor(demoPort: number, dir: string): string {
  const out = join(dir, 'runbooks');
  mkdirSync(out);
  for (const f of readdirSync(join(ROOT, 'runbooks'))) {
    if (!/\.ya?ml$/.test(f)) continue;
    const text = readFileSync(join(ROOT, 'runbooks', f), 'utf8').replaceAll('127.0.0.1:3999', `127.0.0.1:${demoPort}`);
    writeFileSync(join(out, f), text);
  }
  return out;
}

async function waitForReady(url: string, launcher: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (launcher.exitCode !== null)
      throw new Error(`launcher exited with ${launcher.exitCode}; see test-results/e2e-launcher.log`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms; see test-results/e2e-launcher.log`);
}

/** Starts the launcher (Temporal dev server, workers, demo target, API) and waits for /readyz. */
export async function startStack(): Promise<Stack> {
  ensureResponderBuild();
  mkdirSync(RESULTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'hro-e2e-'));
  const db: TestDatabase = await createTestDatabase();
  const [api, demo, temporal, temporalUi, pg] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const admin = { email: 'lead@example.com', password: 'e2e-admin-password-1' };
  const ingestToken = `hro_ing_e2e_${Date.now()}_abcdefghijklmnop`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: dir,
    HRO_DATA_DIR: join(dir, 'data'),
    DATABASE_URL: db.url,
    PORT: String(api),
    HRO_PG_PORT: String(pg),
    HRO_DEMO_TARGET_PORT: String(demo),
    HRO_TEMPORAL_PORT: String(temporal),
    HRO_TEMPORAL_UI_PORT: String(temporalUi),
    // Worker metrics listen on fixed ports by default; other runs may hold them.
    HRO_WORKER_METRICS_PORT: '0',
    HRO_ADMIN_EMAIL: admin.email,
    HRO_ADMIN_PASSWORD: admin.password,
    HRO_INGEST_TOKEN: ingestToken,
    HRO_RUNBOOKS_DIR: runbooksFor(demo, dir),
    HRO_STATIC_DIR_RESPONDER: RESPONDER_DIST,
    // Short windows so the storm becomes a decision within seconds.
    HRO_GROUP_WINDOW_SECONDS: '3',
    HRO_VERIFY_WINDOW_SECONDS: '120',
    LOG_LEVEL: 'info',
  };
  const log = createWriteStream(join(RESULTS, 'e2e-launcher.log'));
  const launcher = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'launcher/src/main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  launcher.stdout?.pipe(log);
  launcher.stderr?.pipe(log);
  const exited = new Promise<void>((r) => launcher.once('exit', () => r()));
  const stop = async (): Promise<void> => {
    if (launcher.exitCode === null) {
      launcher.kill('SIGTERM');
      const killer = setTimeout(() => launcher.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    }
    await db.drop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForReady(`http://127.0.0.1:${api}/readyz`, launcher, 240_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl: `http://127.0.0.1:${api}`, demoTargetUrl: `http://127.0.0.1:${demo}`, ingestToken, admin, stop };
}

/** Plays the demo outage (`npm run demo`) against the stack; its output goes to test-results. */
export function replayStorm(stack: Stack): ChildProcess {
  const log = createWriteStream(join(RESULTS, 'e2e-demo-replay.log'));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'demo/src/replay.ts'),
      '--url',
      stack.baseUrl,
      '--token',
      stack.ingestToken,
      '--target',
      stack.demoTargetUrl,
      '--speed',
      '4',
      '--repeat',
      '20',
      '--timeout',
      '6',
    ],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

/** Signs in over REST and returns the bearer token. */
export async function apiLogin(stack: Stack, email: string, password: string): Promise<string> {
  const res = await fetch(`${stack.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login ${email}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Calls the API as `token`; throws on non-2xx with the problem body. */
export async function api<T>(stack: Stack, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${stack.baseUrl}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
