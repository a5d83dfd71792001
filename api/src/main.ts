import { createPrisma } from '@hro/db';
import { Pool } from 'pg';
import { createAlertEvents } from './alert-events';
import { SessionService } from './auth/sessions';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { attachRealtime, type Realtime } from './realtime/realtime';
import { startApiServer } from './server';
import { createTemporalAccess } from './temporal';

// Entry point of one API node (the launcher runs this file as a child process).

const SHUTDOWN_GRACE_MS = 10_000; // under the launcher's 15 s SIGKILL grace

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const prisma = createPrisma(config.databaseUrl);
  const temporal = createTemporalAccess(config.temporal);
  const alertEvents = createAlertEvents((err) => logger.error({ err }, 'alert.changed listener failed'));
  // Socket.IO's Postgres adapter holds one connection for LISTEN: its own small pool.
  const realtimePool = new Pool({ connectionString: config.databaseUrl, max: 3 });
  let realtime: Realtime | undefined;
  const api = await startApiServer(
    { config, prisma, temporal, logger, alertEvents },
    {
      port: config.port,
      host: config.host,
      beforeListen: (httpServer) => {
        realtime = attachRealtime({
          httpServer,
          pool: realtimePool,
          sessions: new SessionService(prisma, config.sessionTtlMs),
          logger,
          alertEvents,
        });
      },
    },
  );
  logger.info({ port: api.port, host: config.host }, 'api listening');

  let stopping = false;
  const shutdown = async (sig: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal: sig }, 'shutting down');
    // A drain stuck on an unreachable Temporal or Postgres must not make the node unkillable.
    setTimeout(() => {
      logger.error({ graceMs: SHUTDOWN_GRACE_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    try {
      await realtime?.close();
      await api.close();
      await realtimePool.end();
      await temporal.close();
      await prisma.$disconnect();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', (s) => void shutdown(s));
  process.on('SIGTERM', (s) => void shutdown(s));
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
