import { createPrisma, migrate } from '@hro/db';
import pino from 'pino';
import { ConfigError, loadConfig } from './config';
import { seedCredentials } from './credentials';
import { waitForTemporal } from './temporal-dev-server';

// One-shot setup for deployments that bring their own Postgres and Temporal (the `setup`
// service of docker-compose.yml): migrations, search attributes, first admin and ingest
// token. Idempotent: run it before every rollout. Prints generated secrets once.
async function setup(): Promise<void> {
  const cfg = loadConfig();
  const logger = pino({ level: cfg.logLevel, base: { component: 'setup' } });
  if (!cfg.externalDatabaseUrl || !cfg.externalTemporalAddress) {
    throw new ConfigError('setup needs DATABASE_URL and TEMPORAL_ADDRESS (use `npm start` for the embedded default)');
  }
  const migrated = await migrate(cfg.externalDatabaseUrl);
  logger.info({ applied: migrated.applied, alreadyApplied: migrated.alreadyApplied.length }, 'migrations');
  await waitForTemporal({
    address: cfg.externalTemporalAddress,
    namespace: cfg.temporalNamespace,
    logger,
    timeoutMs: 120_000,
  });
  const prisma = createPrisma(cfg.externalDatabaseUrl, { max: 1 });
  try {
    const c = await seedCredentials(prisma, cfg);
    if (c.adminPassword) console.log(`first admin: ${c.adminEmail} / ${c.adminPassword} (shown once)`);
    if (c.ingestToken) console.log(`ingest token (${c.integrationName}): ${c.ingestToken} (shown once)`);
  } finally {
    await prisma.$disconnect();
  }
  logger.info('setup complete');
}

setup().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
