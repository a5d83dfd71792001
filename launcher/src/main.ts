import { join } from 'node:path';
import { createPrisma, migrate } from '@hro/db';
import { printBanner } from './banner';
import { createLauncherLogger } from './logger';
import type { ChildExit, ManagedChild } from './child-process';
import { ConfigError, loadConfig, type LauncherConfig } from './config';
import { seedCredentials } from './credentials';
import { seedDemoHistory } from './demo-history';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres';
import { assertPortsFree, waitForHttpOk } from './ports';
import { ensurePrerequisites } from './prerequisites';
import { ROOT, serviceSpecs, startService } from './services';
import { readState, writeState } from './state';
import { startTemporalDevServer, waitForTemporal, type RunningTemporal } from './temporal-dev-server';

// `npm start`: the embedded default. Postgres and Temporal in-process-managed unless the
// user points at their own, then the demo target, both workers and the API as children.

/** Settings only the launcher may see: they never reach the children's environment. */
const LAUNCHER_SECRETS = ['HRO_ADMIN_PASSWORD', 'HRO_INGEST_TOKEN', 'HRO_ADMIN_EMAIL'];

function childEnv(cfg: LauncherConfig, databaseUrl: string, temporalAddress: string, uiUrl: string) {
  const env = Object.fromEntries(Object.entries(cfg.inheritedEnv).filter(([k]) => !LAUNCHER_SECRETS.includes(k)));
  const demoHosts = [`127.0.0.1:${cfg.ports.demoTarget}`, `localhost:${cfg.ports.demoTarget}`];
  // `hro-demo-ctl` (the demo's operator tool in demo/bin) must be on the workers' PATH.
  const path = [join(ROOT, 'demo', 'bin'), env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(':');
  return {
    ...env,
    PATH: path,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: cfg.temporalNamespace,
    LOG_LEVEL: cfg.logLevel,
    HRO_TEMPORAL_UI_URL: cfg.inheritedEnv.HRO_TEMPORAL_UI_URL ?? uiUrl,
    // Links in escalation notices point at the API's UIs (HRO_ESCALATION_WEBHOOK_URL, if set, is inherited).
    HRO_PUBLIC_URL: cfg.inheritedEnv.HRO_PUBLIC_URL ?? `http://localhost:${cfg.ports.api}`,
    // The shipped runbooks act on the demo target: over HTTP and through hro-demo-ctl.
    HRO_HTTP_ALLOWLIST: [...new Set([...cfg.httpAllowlist, ...demoHosts])].join(','),
    HRO_COMMAND_ALLOWLIST: [...new Set([...cfg.commandAllowlist, 'hro-demo-ctl'])].join(','),
  };
}

async function main(): Promise<void> {
  const cfg = loadConfig();
  const logger = createLauncherLogger(cfg.logLevel);
  let postgres: RunningPostgres | undefined;
  let temporal: RunningTemporal | undefined;
  const children: ManagedChild[] = [];
  let shuttingDown: Promise<void> | undefined;

  const shutdown = (reason: string, exitCode: number): Promise<void> => {
    shuttingDown ??= (async () => {
      logger.info({ reason }, 'stopping');
      // Reverse start order: the API stops taking requests before workers and stores go.
      for (const child of [...children].reverse()) {
        const exit = await child.stop();
        logger.info({ child: child.name, ...exit }, 'stopped');
      }
      if (temporal) await temporal.stop();
      if (postgres) await postgres.stop();
      logger.info('all stopped');
      process.exit(exitCode);
    })();
    return shuttingDown;
  };
  const onCrash = (name: string, exit: ChildExit) => {
    // Ctrl-C in a terminal signals the whole process group: children may exit on their own
    // while the ordered stop is still working its way down the list.
    if (shuttingDown) return logger.info({ child: name, ...exit }, 'exited');
    logger.error({ child: name, ...exit }, `${name} exited unexpectedly; shutting everything down`);
    void shutdown(`${name} crashed`, 1);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void shutdown(sig, 0));

  try {
    await assertPortsFree([
      { port: cfg.ports.api, setting: 'PORT', what: 'API and UIs' },
      { port: cfg.ports.demoTarget, setting: 'HRO_DEMO_TARGET_PORT', what: 'demo target' },
      ...(cfg.workerMetricsPorts ?? []).map((port) => ({
        port,
        setting: 'HRO_WORKER_METRICS_PORT',
        what: 'worker metrics (0 turns them off)',
      })),
      ...(cfg.externalDatabaseUrl
        ? []
        : [{ port: cfg.ports.postgres, setting: 'HRO_PG_PORT', what: 'embedded Postgres' }]),
      ...(cfg.externalTemporalAddress
        ? []
        : [
            { port: cfg.ports.temporal, setting: 'HRO_TEMPORAL_PORT', what: 'Temporal gRPC' },
            { port: cfg.ports.temporalUi, setting: 'HRO_TEMPORAL_UI_PORT', what: 'Temporal Web UI' },
          ]),
    ]);

    await ensurePrerequisites({
      root: ROOT,
      needTemporalCli: cfg.externalTemporalAddress ? undefined : cfg.temporalCli,
      // Only the default build outputs: a directory the user points at is theirs to build.
      uiIndexFiles: [
        ...(cfg.inheritedEnv.HRO_STATIC_DIR_RESPONDER ? [] : [join(ROOT, 'web-responder/dist/browser/index.html')]),
        ...(cfg.inheritedEnv.HRO_STATIC_DIR_ANALYTICS ? [] : [join(ROOT, 'web-analytics/dist/index.html')]),
      ],
      env: cfg.inheritedEnv,
      logger,
    });

    let databaseUrl = cfg.externalDatabaseUrl;
    if (!databaseUrl) {
      postgres = await startEmbeddedPostgres({
        dataDir: cfg.dataDir,
        port: cfg.ports.postgres,
        database: 'hro',
        logger,
      });
      databaseUrl = postgres.url;
    }
    const migrated = await migrate(databaseUrl);
    logger.info({ applied: migrated.applied, alreadyApplied: migrated.alreadyApplied.length }, 'migrations');

    let temporalAddress = cfg.externalTemporalAddress;
    let temporalUiUrl = 'http://localhost:8233';
    if (temporalAddress) {
      await waitForTemporal({ address: temporalAddress, namespace: cfg.temporalNamespace, logger });
    } else {
      temporal = await startTemporalDevServer({
        cli: cfg.temporalCli,
        dbFile: join(cfg.dataDir, 'temporal.db'),
        port: cfg.ports.temporal,
        uiPort: cfg.ports.temporalUi,
        namespace: cfg.temporalNamespace,
        logger,
        env: { PATH: cfg.inheritedEnv.PATH ?? '/usr/bin:/bin', HOME: cfg.inheritedEnv.HOME ?? cfg.dataDir },
        onUnexpectedExit: (exit) => onCrash('temporal', exit),
      });
      temporalAddress = temporal.address;
      temporalUiUrl = temporal.uiUrl;
    }

    const prisma = createPrisma(databaseUrl, { max: 2 });
    let credentials: Awaited<ReturnType<typeof seedCredentials>>;
    try {
      credentials = await seedCredentials(prisma, cfg);
      // The data dir remembers that (and to whom) credentials were issued, never the secrets.
      const state = readState(cfg.dataDir);
      if (!state.credentialsIssuedAt) {
        writeState(cfg.dataDir, {
          credentialsIssuedAt: new Date().toISOString(),
          adminEmail: credentials.adminEmail,
          ingestIntegration: credentials.integrationName,
        });
      }
      if (cfg.seedDemo) await seedDemoHistory(prisma, join(ROOT, 'runbooks'), logger);
    } finally {
      await prisma.$disconnect();
    }

    const env = childEnv(cfg, databaseUrl, temporalAddress, temporalUiUrl);
    for (const spec of serviceSpecs(cfg.ports, cfg.workerMetricsPorts)) {
      if (shuttingDown) return;
      children.push(startService(spec, env, onCrash));
    }
    const api = children[children.length - 1];
    await waitForHttpOk(`http://127.0.0.1:${cfg.ports.api}/readyz`, 180_000, api?.exited);
    printBanner({ cfg, credentials, temporalUiUrl: env.HRO_TEMPORAL_UI_URL });
  } catch (err) {
    if (shuttingDown) return;
    logger.error({ err }, 'start failed');
    await shutdown('start failed', 1);
  }
}

main().catch((err: unknown) => {
  // Config errors are the user's to fix: print the message, not a stack.
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(2);
});
