import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '@hro/domain';
import type { Logger } from 'pino';
import { spawnManaged, type ChildExit, type ManagedChild } from './child-process';

// Keyword = IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD in Temporal's API.
const KEYWORD = 2;

/**
 * Waits until Temporal answers for `namespace`, then registers the custom search
 * attributes the situation workflow upserts, if missing (the dev server gets them on its
 * command line; an external cluster may not have them yet).
 */
export async function waitForTemporal(opts: {
  address: string;
  namespace: string;
  logger: Logger;
  timeoutMs?: number;
  abort?: Promise<unknown>;
}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let aborted = false;
  void opts.abort?.then(() => (aborted = true));
  let lastError: unknown;
  while (Date.now() < deadline && !aborted) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address: opts.address, connectTimeout: 2_000 });
      await connection.workflowService.describeNamespace({ namespace: opts.namespace });
      await ensureSearchAttributes(connection, opts.namespace, opts.logger);
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await connection?.close().catch(() => undefined);
    }
  }
  throw new Error(
    `Temporal at ${opts.address} (namespace ${opts.namespace}) is not reachable: ${(lastError as Error | undefined)?.message ?? 'aborted'}`,
  );
}

async function ensureSearchAttributes(connection: Connection, namespace: string, logger: Logger): Promise<void> {
  const wanted = Object.values(SEARCH_ATTRIBUTES);
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = wanted.filter((n) => !(n in (existing.customAttributes ?? {})));
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((n) => [n, KEYWORD])),
    });
    logger.info({ missing }, 'registered Temporal search attributes');
  } catch (err) {
    // Temporal Cloud registers attributes through its own control plane: say what to do.
    logger.warn({ err, missing }, 'could not register search attributes; register them as Keyword');
  }
}

/** A Temporal dev server the launcher started. */
export interface RunningTemporal {
  address: string;
  uiUrl: string;
  child: ManagedChild;
  stop(): Promise<ChildExit>;
}

/**
 * Starts `temporal server start-dev` persisted in `dbFile` (SQLite), gRPC on `port`, the
 * Web UI on `uiPort`, with the HRO search attributes, and waits until it answers.
 */
export async function startTemporalDevServer(opts: {
  cli: string;
  dbFile: string;
  port: number;
  uiPort: number;
  namespace: string;
  logger: Logger;
  /** Environment for the CLI (PATH, HOME); nothing secret is passed on. */
  env: Record<string, string>;
  onUnexpectedExit?: (exit: ChildExit) => void;
}): Promise<RunningTemporal> {
  if (!existsSync(opts.cli)) {
    throw new Error(
      `Temporal CLI not found at ${opts.cli}: run \`bash scripts/bootstrap-tools.sh\` (or set HRO_TEMPORAL_CLI)`,
    );
  }
  mkdirSync(dirname(opts.dbFile), { recursive: true });
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port)];
  args.push('--ui-port', String(opts.uiPort), '--db-filename', opts.dbFile, '--log-level', 'error');
  args.push('--namespace', opts.namespace);
  for (const name of Object.values(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=Keyword`);
  const child = spawnManaged({
    name: 'temporal',
    command: opts.cli,
    args,
    env: opts.env,
    cwd: dirname(opts.dbFile),
    onUnexpectedExit: opts.onUnexpectedExit,
  });
  const address = `127.0.0.1:${opts.port}`;
  try {
    await waitForTemporal({ address, namespace: opts.namespace, logger: opts.logger, abort: child.exited });
  } catch (err) {
    await child.stop();
    throw err;
  }
  return { address, uiUrl: `http://localhost:${opts.uiPort}`, child, stop: () => child.stop() };
}
