import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createPrisma } from '@hro/db';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { freePort, startTemporalDevServer, type RunningTemporal } from '../../test/support/temporal-server';
import { hashPassword } from '../../api/src/auth/password';
import { ensureIngestToken } from '../../api/src/bootstrap';
import { seedAnalytics } from '../../api/test/analytics-seed';

export const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'web-analytics', 'dist');
const RESULTS = join(ROOT, 'test-results');

/** The real API process serving the built hub, over a seeded database and its own Temporal. */
export interface HubStack {
  baseUrl: string;
  ingestToken: string;
  viewer: { email: string; password: string };
  stop(): Promise<void>;
}

/** Builds the hub once if no build is present (the API serves web-analytics/dist). */
export function ensureHubBuild(): void {
  if (existsSync(join(DIST, 'index.html'))) return;
  const r = spawnSync('npm', ['run', 'build', '-w', 'web-analytics'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('web-analytics build failed');
}

async function waitFor(url: string, api: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.exitCode !== null)
      throw new Error(`api exited with ${api.exitCode}; see test-results/e2e-analytics-api.log`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms; see test-results/e2e-analytics-api.log`);
}

/**
 * Seeds the hand-computed analytics dataset anchored at `t0`, a viewer and a generic ingest
 * integration; starts a Temporal dev server of its own (no other test's worker can pick up
 * this API's workflows) and `api/src/main.ts` exactly as the launcher runs it.
 */
export async function startHubStack(t0: Date): Promise<HubStack> {
  ensureHubBuild();
  mkdirSync(RESULTS, { recursive: true });
  const db: TestDatabase = await createTestDatabase();
  const prisma = createPrisma(db.url, { max: 2 });
  const viewer = { email: 'analyst@example.com', password: 'e2e-analyst-password-1' };
  let ingestToken: string;
  try {
    await seedAnalytics(prisma, t0);
    await prisma.user.create({
      data: {
        email: viewer.email,
        name: 'Ana Lyst',
        role: 'viewer',
        passwordHash: await hashPassword(viewer.password),
      },
    });
    const integration = await ensureIngestToken(prisma, { kind: 'generic', name: 'e2e-script' });
    if (!integration.token) throw new Error('no ingest token generated');
    ingestToken = integration.token;
  } finally {
    await prisma.$disconnect();
  }

  let temporal: RunningTemporal | undefined;
  let api: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    if (api && api.exitCode === null) {
      const exited = new Promise<void>((r) => api!.once('exit', () => r()));
      api.kill('SIGTERM');
      const killer = setTimeout(() => api!.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    }
    await temporal?.stop();
    await db.drop().catch(() => undefined);
  };
  try {
    temporal = await startTemporalDevServer();
    const port = await freePort();
    const log = createWriteStream(join(RESULTS, 'e2e-analytics-api.log'));
    api = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'api/src/main.ts')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: temporal.address,
        PORT: String(port),
        HOST: '127.0.0.1',
        HRO_STATIC_DIR_ANALYTICS: DIST,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout?.pipe(log);
    api.stderr?.pipe(log);
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitFor(`${baseUrl}/readyz`, api, 120_000);
    return { baseUrl, ingestToken, viewer, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
