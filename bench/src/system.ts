import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portIsFree, waitForHttpOk } from '@hro/launcher';
import type { BenchConfig } from './config';

const ROOT = join(__dirname, '..', '..');

/** The whole product started by the launcher on a throwaway data dir. */
export interface BenchSystem {
  apiUrl: string;
  databaseUrl: string;
  ingestToken: string;
  admin: { email: string; password: string };
  logFile: string;
  stop(): Promise<void>;
}

async function freeBlock(base: number, count: number): Promise<number[]> {
  for (let start = base; start < base + 200; start++) {
    const ports = Array.from({ length: count }, (_, i) => start + i);
    if ((await Promise.all(ports.map((p) => portIsFree(p)))).every(Boolean)) return ports;
  }
  throw new Error(`no ${count} consecutive free ports from ${base}: set BENCH_PORT_BASE`);
}

/**
 * Runs `launcher/src/main.ts` (embedded Postgres, Temporal dev server, both workers, API)
 * with known credentials on free loopback ports; its output goes to a log file.
 */
export async function startBenchSystem(cfg: BenchConfig): Promise<BenchSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hro-bench-'));
  // As root, Postgres runs as the `postgres` user and must be able to enter the data dir.
  chmodSync(dataDir, 0o755);
  // Every port the stack binds comes from this block, so it runs beside `npm start` (3000,
  // 5499, 7233, 8233, 3999, 9464-9465). The launcher gives the remediation worker metrics+1.
  const [api, pg, temporal, ui, demo, metrics] = await freeBlock(cfg.BENCH_PORT_BASE, 7);
  const admin = { email: 'bench@example.com', password: randomBytes(12).toString('base64url') };
  const ingestToken = `hro_ing_${randomBytes(24).toString('base64url')}`;
  const logFile = join(dataDir, 'launcher.log');
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'launcher/src/main.ts')], {
    cwd: ROOT,
    // A clean environment on purpose: DATABASE_URL, TEMPORAL_ADDRESS, PORT, … exported for
    // the product must not point the throwaway stack at it.
    env: {
      PATH: cfg.PATH,
      HOME: cfg.HOME,
      HRO_DATA_DIR: dataDir,
      PORT: String(api),
      HRO_PG_PORT: String(pg),
      HRO_TEMPORAL_PORT: String(temporal),
      HRO_TEMPORAL_UI_PORT: String(ui),
      HRO_DEMO_TARGET_PORT: String(demo),
      HRO_WORKER_METRICS_PORT: String(metrics),
      // The shipped runbooks name the demo target at its default port; never called here.
      HRO_HTTP_ALLOWLIST: '127.0.0.1:3999',
      HRO_ADMIN_EMAIL: admin.email,
      HRO_ADMIN_PASSWORD: admin.password,
      HRO_INGEST_TOKEN: ingestToken,
      HRO_GROUP_WINDOW_SECONDS: String(cfg.BENCH_GROUP_WINDOW_SECONDS),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const apiUrl = `http://127.0.0.1:${api}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHttpOk(`${apiUrl}/readyz`, 300_000, exited);
  } catch (err) {
    const tail = readFileSync(logFile, 'utf8').slice(-4000);
    await stop();
    throw new Error(`the system did not start: ${(err as Error).message}\n${tail}`, { cause: err });
  }
  const password = readFileSync(join(dataDir, 'postgres-password'), 'utf8').trim();
  const databaseUrl = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${pg}/hro`;
  return { apiUrl, databaseUrl, ingestToken, admin, logFile, stop };
}
