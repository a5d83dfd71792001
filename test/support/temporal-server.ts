import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { connect } from 'node:net';
import { ROOT, TEMPORAL_CLI } from './env';

/** Search attributes ops filter situations by in the Temporal Web UI. */
export const SEARCH_ATTRIBUTES = ['HroState=Keyword', 'HroSeverity=Keyword', 'HroService=Keyword'];

/** A free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const sock = connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`port ${port} did not open in ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

export interface RunningTemporal {
  address: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a real Temporal dev server (the `temporal` CLI) on free loopback ports. */
export async function startTemporalDevServer(opts: { port?: number; dbFile?: string } = {}): Promise<RunningTemporal> {
  const port = opts.port ?? (await freePort());
  const uiPort = await freePort();
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    '--headless',
    '--log-level',
    'error',
  ];
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  for (const sa of SEARCH_ATTRIBUTES) args.push('--search-attribute', sa);
  // The server logs shutdown noise at error level; keep it out of the test report.
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const log = openSync(join(ROOT, 'test-results', `temporal-${port}.log`), 'a');
  const child = spawn(TEMPORAL_CLI, args, { stdio: ['ignore', log, log] });
  await waitForPort(port, 30_000);
  return {
    address: `127.0.0.1:${port}`,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
