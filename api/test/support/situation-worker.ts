import { randomBytes } from 'node:crypto';
import { catalogOf, createActivities, createPostgresPublisherFromUrl } from '@hro/activities';
import {
  ALERTS_SIGNAL,
  SITUATION_WORKFLOW_TYPE,
  type AlertBatchSignal,
  type Plan,
  type Runbook,
  type SituationWorkflowInput,
} from '@hro/domain';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pino from 'pino';
import { temporalAddress } from '../../../test/support/env';
import type { TestApi } from '../situations-fixtures';

/** Real situation workflows for API-level tests, run by an in-process worker. */
export interface SituationWorker {
  /** Starts a situation the way the router does and waits until it awaits approval. */
  awaitingSituation(alertName: string): Promise<{ id: string; plan: Plan }>;
  close(): Promise<void>;
}

/**
 * A worker on a task queue unique to the caller, over the test API's database, with
 * `runbooks` as the catalog. Remediation is paused in that database, so approved plans wait
 * at the pause gate and never dispatch steps to the shared `remediation` queue.
 */
export async function startSituationWorker(api: TestApi, runbooks: Runbook[]): Promise<SituationWorker> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed in this process by another test file: keep that one
  }
  const taskQueue = `test-situations-${randomBytes(4).toString('hex')}`;
  await api.prisma.setting.upsert({
    where: { key: 'remediation.paused' },
    create: { key: 'remediation.paused', value: true },
    update: { value: true },
  });
  // The real path of a change: projection activity → postgres emitter → API nodes' sockets.
  const events = createPostgresPublisherFromUrl(api.db.url);
  const connection = await NativeConnection.connect({ address: temporalAddress() });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: require.resolve('../../../workflows/src'),
    activities: createActivities({
      prisma: api.prisma,
      publisher: events.publisher,
      logger: pino({ level: 'silent' }),
      catalog: catalogOf(runbooks),
    }),
  });
  const running = worker.run();
  const started: string[] = [];

  return {
    async awaitingSituation(alertName) {
      const id = `sit-${randomBytes(6).toString('hex')}`;
      const input: SituationWorkflowInput = {
        situationId: id,
        correlationKey: `environment=prod|service=${id}`,
        correlation: { groupBy: ['environment', 'service'], groupWindowMs: 200, maxAgeMs: 3600_000, minAlerts: 1 },
        decision: { escalateAfterMs: 600_000, expireAfterMs: 1_200_000, verifyWindowMs: 60_000 },
      };
      const batch: AlertBatchSignal = {
        alerts: [
          {
            seq: 1,
            alertId: randomBytes(8).toString('hex'),
            fingerprint: `fp-${id}`,
            status: 'firing',
            severity: 'critical',
            name: alertName,
            service: 'api',
            environment: 'prod',
            labels: {},
            occurrence: 1,
            at: new Date().toISOString(),
          },
        ],
      };
      await api.temporal.client.workflow.signalWithStart(SITUATION_WORKFLOW_TYPE, {
        workflowId: id,
        taskQueue,
        args: [input],
        signal: ALERTS_SIGNAL,
        signalArgs: [batch],
      });
      started.push(id);
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const row = await api.prisma.situation.findUnique({ where: { id } });
        if (row?.state === 'awaiting_approval' && row.plan) return { id, plan: row.plan as unknown as Plan };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`situation ${id} never reached awaiting_approval`);
    },
    async close() {
      for (const id of started) {
        await api.temporal.client.workflow
          .getHandle(id)
          .terminate('test over')
          .catch(() => undefined);
      }
      worker.shutdown();
      await running;
      await connection.close();
      await events.close();
    },
  };
}
