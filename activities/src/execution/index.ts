import { asyncLocalStorage } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ExecutionStepView, StepAction, StepStatus } from '@hro/domain';
import type { RemediationDeps } from '../deps';
import { runAction } from './runners';

/** One step (or compensation) to apply, with its attempt-independent idempotency key. */
export interface StepInput {
  situationId: string;
  phase: 'apply' | 'compensate';
  index: number;
  name: string;
  action: StepAction;
  /** `${workflowId}:${phase}:${stepIndex}`: the same for every attempt of this step. */
  idempotencyKey: string;
  timeoutSeconds: number;
  /** The retry profile's attempt budget: a failed attempt before the last is `retrying`. */
  maxAttempts?: number;
  /** The situation version at execution time, carried on `execution.changed`. */
  version: number;
}

export interface StepResult {
  output: string;
  /** True when a previous attempt already succeeded and nothing was applied again. */
  reused: boolean;
}

const HEARTBEAT_MS = 2_000;

/**
 * Step activities for the `remediation` task queue. Each attempt is recorded in the
 * ExecutionStep row keyed by the idempotency key; a key that already succeeded returns its
 * stored result without applying anything again, and targets receive the key too.
 */
export function createRemediationActivities(deps: RemediationDeps) {
  const { prisma, publisher, policy, logger } = deps;
  const now = deps.clock ?? (() => new Date());

  async function save(
    input: StepInput,
    status: StepStatus,
    fields: { output?: string | null; error?: string | null; attempt?: boolean; finished?: boolean },
  ): Promise<void> {
    const at = now();
    const row = await prisma.executionStep.upsert({
      where: { idempotencyKey: input.idempotencyKey },
      create: {
        situationId: input.situationId,
        index: input.index,
        phase: input.phase,
        name: input.name,
        idempotencyKey: input.idempotencyKey,
        status,
        attempts: fields.attempt ? 1 : 0,
        output: fields.output ?? null,
        error: fields.error ?? null,
        startedAt: at,
        finishedAt: fields.finished ? at : null,
        updatedAt: at,
      },
      update: {
        status,
        ...(fields.attempt ? { attempts: { increment: 1 } } : {}),
        ...(fields.output !== undefined ? { output: fields.output } : {}),
        ...(fields.error !== undefined ? { error: fields.error } : {}),
        finishedAt: fields.finished ? at : null,
        updatedAt: at,
      },
    });
    const step: ExecutionStepView = {
      index: row.index,
      name: row.name,
      phase: input.phase,
      status,
      attempts: row.attempts,
      output: row.output,
      error: row.error,
      startedAt: row.startedAt?.toISOString() ?? null,
      finishedAt: row.finishedAt?.toISOString() ?? null,
    };
    publisher.executionChanged({ situationId: input.situationId, version: input.version, step });
  }

  return {
    async executeStep(input: StepInput): Promise<StepResult> {
      const log = logger.child({ situationId: input.situationId, workflowId: input.situationId, step: input.name });
      const done = await prisma.executionStep.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
      if (done?.status === 'succeeded') {
        log.info({ idempotencyKey: input.idempotencyKey }, 'step already succeeded; not applied again');
        return { output: done.output ?? '', reused: true };
      }
      await save(input, 'running', { attempt: true, error: null });
      // Outside a Temporal activity (unit tests) there is no context: no heartbeat, no cancel.
      const ctx = asyncLocalStorage.getStore();
      const beat = ctx ? setInterval(() => ctx.heartbeat(), HEARTBEAT_MS) : undefined;
      try {
        const output = await runAction(input.action, {
          idempotencyKey: input.idempotencyKey,
          timeoutMs: input.timeoutSeconds * 1000,
          outputLimit: deps.outputLimit,
          commandAllowlist: policy.commandAllowlist,
          httpAllowlist: policy.httpAllowlist,
          commandPath: deps.commandPath,
          signal: ctx?.cancellationSignal,
        });
        await save(input, 'succeeded', { output, error: null, finished: true });
        log.info({ phase: input.phase, index: input.index }, 'step succeeded');
        return { output, reused: false };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const attempt = ctx?.info.attempt ?? 1;
        const retryable = !(err instanceof ApplicationFailure && err.nonRetryable);
        const willRetry = retryable && attempt < (input.maxAttempts ?? 1);
        await save(input, willRetry ? 'retrying' : 'failed', { error: message, finished: !willRetry });
        log.warn({ phase: input.phase, index: input.index, attempt, willRetry, err: message }, 'step attempt failed');
        if (err instanceof ApplicationFailure) throw err;
        throw ApplicationFailure.retryable(message, 'StepFailed');
      } finally {
        if (beat) clearInterval(beat);
      }
    },
  };
}
