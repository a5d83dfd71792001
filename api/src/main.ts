import { createPrisma } from '@hro/db';
import { createAlertEvents } from './alert-events';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startApiServer } from './server';
import { createTemporalAccess } from './temporal';

// Entry point for a standalone API node (the launcher starts the same pieces in-process).
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const prisma = createPrisma(config.databaseUrl);
  const temporal = createTemporalAccess(config.temporal);
  const alertEvents = createAlertEvents((err) => logger.error({ err }, 'alert.changed listener failed'));
  const api = await startApiServer(
    { config, prisma, temporal, logger, alertEvents },
    { port: config.port, host: config.host },
  );
  logger.info({ port: api.port, host: config.host }, 'api listening');

  let stopping = false;
  const shutdown = async (sig: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal: sig }, 'shutting down');
    await api.close();
    await temporal.close();
    await prisma.$disconnect();
    process.exit(0);
  };
  process.on('SIGINT', (s) => void shutdown(s));
  process.on('SIGTERM', (s) => void shutdown(s));
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
