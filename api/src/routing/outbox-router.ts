import {
  ALERTS_SIGNAL,
  SITUATION_WORKFLOW_TYPE,
  TASK_QUEUE_SITUATIONS,
  type AlertBatchSignal,
  type AlertSignal,
  type SituationWorkflowInput,
} from '@hro/domain';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { AppDeps } from '../deps';
import { withTemporalDeadline } from '../temporal';
import { claimAndAssign, type SituationDelivery } from './claim';

/** Tunables; defaults suit production, tests shorten them. */
export interface RouterOptions {
  batchSize: number;
  /** Periodic sweep even without kicks (other nodes' rows, handed-back rows). */
  sweepMs: number;
  /** Kicks within this window coalesce into one pass, so storms batch into few signals. */
  debounceMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  signalTimeoutMs: number;
  /** Largest alerts-signal payload (JSON bytes); bigger deliveries go as several signals. */
  maxSignalBytes: number;
  /** Task queue situation workflows start on (tests use their own). */
  taskQueue: string;
}

const DEFAULTS: RouterOptions = {
  batchSize: 500,
  sweepMs: 5_000,
  debounceMs: 50,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  signalTimeoutMs: 10_000,
  maxSignalBytes: 256 * 1024,
  taskQueue: TASK_QUEUE_SITUATIONS,
};

/** Outcome of one routing pass. */
export interface PassResult {
  claimed: number;
  signalled: number;
  dropped: number;
  failed: number;
}

/** The running outbox router. */
export interface OutboxRouter {
  /** Ask for a pass soon (after an ingest commit). Does not override a failure backoff. */
  kick(): void;
  /** One pass now, for tests and tooling; passes never overlap. */
  runOnce(): Promise<PassResult>;
  stop(): Promise<void>;
}

type RouterDeps = Pick<AppDeps, 'prisma' | 'temporal' | 'logger' | 'config'> & Partial<Pick<AppDeps, 'alertEvents'>>;

/**
 * Splits a delivery's alerts into signal payloads of at most `maxBytes` of JSON, in order.
 * Temporal refuses payloads over 2 MB (and warns from 512 KB); a storm of label-heavy alerts
 * for one situation would otherwise never be deliverable and block the outbox behind it.
 */
export function signalBatches(alerts: AlertSignal[], maxBytes: number): AlertSignal[][] {
  const batches: AlertSignal[][] = [];
  let current: AlertSignal[] = [];
  let bytes = 0;
  for (const a of alerts) {
    const size = Buffer.byteLength(JSON.stringify(a));
    if (current.length > 0 && bytes + size > maxBytes) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(a);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

async function signal(deps: RouterDeps, d: SituationDelivery, opts: RouterOptions): Promise<void> {
  const input: SituationWorkflowInput = {
    situationId: d.situationId,
    correlationKey: d.correlationKey,
    correlation: deps.config.correlation,
    decision: deps.config.decision,
  };
  // In seq order; a batch re-sent after a partial failure is ignored by the workflow (seq).
  for (const alerts of signalBatches(d.alerts, opts.maxSignalBytes)) {
    const batch: AlertBatchSignal = { alerts };
    await withTemporalDeadline(deps.temporal, opts.signalTimeoutMs, () =>
      deps.temporal.client.workflow.signalWithStart(SITUATION_WORKFLOW_TYPE, {
        workflowId: d.situationId,
        taskQueue: opts.taskQueue,
        args: [input],
        signal: ALERTS_SIGNAL,
        signalArgs: [batch],
        // A closed situation must never be restarted under the same id: Temporal refuses,
        // and we move the alerts to a new situation instead.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    );
  }
}

/** An error and its causes in one line: the client's "Failed to signalWithStart" hides why. */
function errorChain(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e !== undefined && e !== null && parts.length < 5;) {
    parts.push(e instanceof Error ? e.message : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join(': ');
}

/** The situation's workflow is closed: detach its key and these alerts so the next pass re-routes them. */
async function detachClosed(deps: RouterDeps, d: SituationDelivery): Promise<void> {
  const alertIds = [...new Set(d.alerts.map((a) => a.alertId))];
  await deps.prisma.$transaction([
    deps.prisma.correlationKey.updateMany({ where: { situationId: d.situationId }, data: { situationId: null } }),
    deps.prisma.alert.updateMany({
      where: { id: { in: alertIds }, situationId: d.situationId },
      data: { situationId: null },
    }),
  ]);
}

/** Runs one routing pass: claim + assign (committed), then one signal per situation. */
export async function routePass(deps: RouterDeps, options: Partial<RouterOptions> = {}): Promise<PassResult> {
  const opts: RouterOptions = { ...DEFAULTS, ...options };
  const claim = await claimAndAssign(deps.prisma, deps.config.correlation, opts.batchSize);
  const result: PassResult = { claimed: claim.claimed, signalled: 0, dropped: claim.dropped, failed: 0 };
  for (const d of claim.deliveries) {
    try {
      await signal(deps, d, opts);
      await deps.prisma.outboxEntry.updateMany({
        where: { id: { in: d.outboxIds }, routedAt: null },
        data: { routedAt: new Date(), attempts: { increment: 1 }, lastError: null },
      });
      result.signalled += d.outboxIds.length;
      // The alerts now belong to a situation: tell the UIs (latest change per alert).
      const latest = new Map(d.alerts.map((a) => [a.alertId, a]));
      deps.alertEvents?.emit(
        [...latest.values()].map((a) => ({
          alertId: a.alertId,
          situationId: d.situationId,
          fingerprint: a.fingerprint,
          source: d.sources[a.alertId] ?? '',
          name: a.name,
          service: a.service,
          status: a.status,
          severity: a.severity,
          duplicate: false,
          at: a.at,
        })),
      );
    } catch (err) {
      result.failed += d.outboxIds.length;
      const message = errorChain(err);
      if (err instanceof WorkflowExecutionAlreadyStartedError) await detachClosed(deps, d);
      await deps.prisma.outboxEntry.updateMany({
        where: { id: { in: d.outboxIds } },
        data: { attempts: { increment: 1 }, lastError: message.slice(0, 1000) },
      });
      deps.logger.warn(
        { situationId: d.situationId, workflowId: d.situationId, rows: d.outboxIds.length, err: message },
        'routing signal failed; rows stay unrouted',
      );
    }
  }
  if (claim.claimed > 0) deps.logger.debug(result, 'routing pass');
  return result;
}

/**
 * Starts the outbox router loop: a pass after each kick (debounced), a periodic sweep,
 * an immediate next pass while batches come back full, and exponential backoff (capped)
 * while Temporal or Postgres fail. Rows are never lost: failures leave them unrouted.
 */
export function startOutboxRouter(deps: RouterDeps, options: Partial<RouterOptions> = {}): OutboxRouter {
  const opts: RouterOptions = { ...DEFAULTS, ...options };
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let wakeAt = Infinity;
  let running: Promise<PassResult> | undefined;

  const schedule = (ms: number): void => {
    if (stopped) return;
    const at = Date.now() + ms;
    if (timer && at >= wakeAt) return;
    clearTimeout(timer);
    wakeAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      wakeAt = Infinity;
      void tick();
    }, ms);
  };

  const runOnce = (): Promise<PassResult> => {
    // Serialize passes: a kick during a pass waits for it, then runs a fresh one.
    const prev = running ?? Promise.resolve(undefined);
    const next = prev.catch(() => undefined).then(() => routePass(deps, opts));
    running = next;
    const clear = (): void => {
      if (running === next) running = undefined;
    };
    // Observe both outcomes here; callers handle the rejection of `next` themselves.
    next.then(clear, clear);
    return next;
  };

  const tick = async (): Promise<void> => {
    if (stopped) return;
    try {
      const r = await runOnce();
      if (r.failed > 0) failures++;
      else failures = 0;
      if (failures > 0) schedule(Math.min(opts.backoffMaxMs, opts.backoffBaseMs * 2 ** (failures - 1)));
      else if (r.claimed >= opts.batchSize) schedule(0);
      else schedule(opts.sweepMs);
    } catch (err) {
      failures++;
      deps.logger.error({ err }, 'routing pass failed');
      schedule(Math.min(opts.backoffMaxMs, opts.backoffBaseMs * 2 ** (failures - 1)));
    }
  };

  schedule(0);
  return {
    kick: () => {
      if (failures === 0) schedule(opts.debounceMs);
    },
    runOnce,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
