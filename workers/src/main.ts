import { DefaultLogger, Runtime, makeTelemetryFilterString, type LogLevel } from '@temporalio/worker';
import pino from 'pino';
import { loadWorkerConfig } from './config';
import { startWorkers } from './start-workers';

// `tsx workers/src/main.ts`: the worker process (both queues by default).
async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const logger = pino({ level: config.logLevel, base: { component: 'workers' } });
  // The SDK's own logs (workflow logs carry workflowId/runId) go through pino too.
  const sdkLevel: LogLevel = config.logLevel === 'debug' || config.logLevel === 'trace' ? 'DEBUG' : 'INFO';
  Runtime.install({
    logger: new DefaultLogger(sdkLevel, (e) => {
      const level = e.level === 'TRACE' ? 'trace' : (e.level.toLowerCase() as 'debug' | 'info' | 'warn' | 'error');
      logger[level]({ ...e.meta, sdk: true }, e.message);
    }),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
      ...(config.metricsPort > 0 ? { metrics: { prometheus: { bindAddress: `0.0.0.0:${config.metricsPort}` } } } : {}),
    },
  });
  const running = await startWorkers(config, { logger });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight tasks');
    running.shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  await running.done;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
