import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import {
  NON_RETRYABLE_STEP_ERRORS,
  RETRY_PROFILES,
  TASK_QUEUE_REMEDIATION,
  type Plan,
  type PlannedStep,
  type StepAction,
} from '@hro/domain';
import type { RemediationActivities } from '@hro/activities';

/** What running a plan did: which step failed (if any) and the compensations that ran. */
export interface ExecutionReport {
  ok: boolean;
  failedStep: string | null;
  error: string | null;
  compensations: { name: string; ok: boolean; error: string | null }[];
}

export interface ExecutionOptions {
  workflowId: string;
  situationId: string;
  /** Current situation version, carried on `execution.changed` events. */
  version: () => number;
  /** Awaited before each step: holds execution while the global pause switch is on. */
  beforeStep: () => Promise<void>;
}

// Steps heartbeat every 2 s; a worker killed mid-step is noticed after this.
const HEARTBEAT_TIMEOUT_MS = 10_000;

/** Activity options from the step's named retry profile; business errors never retry. */
function stepActivities(step: PlannedStep): RemediationActivities {
  const p = RETRY_PROFILES[step.retry];
  return proxyActivities<RemediationActivities>({
    taskQueue: TASK_QUEUE_REMEDIATION,
    startToCloseTimeout: (step.timeoutSeconds + 30) * 1000,
    heartbeatTimeout: HEARTBEAT_TIMEOUT_MS,
    retry: {
      maximumAttempts: p.maximumAttempts,
      initialInterval: p.initialIntervalMs,
      backoffCoefficient: p.backoffCoefficient,
      nonRetryableErrorTypes: [...NON_RETRYABLE_STEP_ERRORS],
    },
  });
}

function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs the plan one activity per step (saga): each completed step's compensation is pushed
 * to the front of a list; when a step still fails after its retries, the compensations run
 * best-effort in that (reverse) order and each result is reported.
 */
export async function runPlan(plan: Plan, opts: ExecutionOptions): Promise<ExecutionReport> {
  const compensations: { step: PlannedStep; action: StepAction }[] = [];
  const call = (step: PlannedStep, phase: 'apply' | 'compensate', action: StepAction) =>
    stepActivities(step).executeStep({
      situationId: opts.situationId,
      phase,
      index: step.index,
      name: phase === 'apply' ? step.name : `undo: ${step.name}`,
      action,
      idempotencyKey: `${opts.workflowId}:${phase}:${step.index}`,
      timeoutSeconds: step.timeoutSeconds,
      maxAttempts: RETRY_PROFILES[step.retry].maximumAttempts,
      version: opts.version(),
    });

  for (const step of plan.steps) {
    await opts.beforeStep();
    try {
      await call(step, 'apply', step.action);
      if (step.compensate) compensations.unshift({ step, action: step.compensate });
    } catch (err) {
      if (!(err instanceof ActivityFailure) && !(err instanceof ApplicationFailure)) throw err;
      const report: ExecutionReport = {
        ok: false,
        failedStep: step.name,
        error: failureMessage(err),
        compensations: [],
      };
      for (const c of compensations) {
        try {
          await call(c.step, 'compensate', c.action);
          report.compensations.push({ name: c.step.name, ok: true, error: null });
        } catch (cerr) {
          report.compensations.push({ name: c.step.name, ok: false, error: failureMessage(cerr) });
        }
      }
      return report;
    }
  }
  return { ok: true, failedStep: null, error: null, compensations: [] };
}
