import { NativeConnection, Worker } from '@temporalio/worker';
import pino, { type Logger } from 'pino';
import { createPrisma } from '@hro/db';
import { TASK_QUEUE_REMEDIATION, TASK_QUEUE_SITUATIONS } from '@hro/domain';
import {
  createActivities,
  createPostgresPublisherFromUrl,
  createRemediationActivities,
  loadCatalog,
} from '@hro/activities';
import type { WorkerConfig } from './config';

/** Running workers; `shutdown()` drains in-flight tasks, then closes connections. */
export interface RunningWorkers {
  /** Settles when every worker has stopped (rejects if one crashed). */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Starts one worker per configured queue: `situations` runs the situation workflow and
 * the light activities; `remediation` runs only the step activities (deployable near the
 * infrastructure it acts on).
 */
export async function startWorkers(config: WorkerConfig, opts: { logger?: Logger } = {}): Promise<RunningWorkers> {
  const logger = opts.logger ?? pino({ level: config.logLevel, base: { component: 'workers' } });
  const prisma = createPrisma(config.databaseUrl, { max: 5 });
  const events = createPostgresPublisherFromUrl(config.databaseUrl, (err) =>
    logger.warn({ err: err.message }, 'realtime event not published (Postgres unavailable?)'),
  );
  const policy = { commandAllowlist: config.commandAllowlist, httpAllowlist: config.httpAllowlist };
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const workers: Worker[] = [];
  try {
    if (config.queues.includes('situations')) {
      const catalog = loadCatalog(config.runbooksDir, policy);
      logger.info({ runbooks: catalog.list().map((r) => r.id) }, 'runbook catalog loaded');
      workers.push(
        await Worker.create({
          connection,
          namespace: config.namespace,
          taskQueue: TASK_QUEUE_SITUATIONS,
          workflowsPath: require.resolve('@hro/workflows'),
          activities: createActivities({
            prisma,
            publisher: events.publisher,
            catalog,
            logger,
            escalationWebhookUrl: config.escalationWebhookUrl,
            publicUrl: config.publicUrl,
          }),
        }),
      );
    }
    if (config.queues.includes('remediation')) {
      workers.push(
        await Worker.create({
          connection,
          namespace: config.namespace,
          taskQueue: TASK_QUEUE_REMEDIATION,
          activities: createRemediationActivities({
            prisma,
            publisher: events.publisher,
            policy,
            logger,
            outputLimit: config.stepOutputLimit,
            commandPath: config.commandPath,
          }),
        }),
      );
    }
  } catch (err) {
    await Promise.allSettled([connection.close(), prisma.$disconnect(), events.close()]);
    throw err;
  }
  const runs = workers.map((w) => w.run());
  logger.info(
    { queues: config.queues, namespace: config.namespace, address: config.temporalAddress },
    'workers started',
  );
  const done = Promise.all(runs).then(async () => {
    await Promise.allSettled([connection.close(), prisma.$disconnect(), events.close()]);
  });
  return {
    done,
    async shutdown() {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await done;
      logger.info('workers stopped');
    },
  };
}
