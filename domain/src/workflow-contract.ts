import type { AlertStatus } from './alert';
import type { Plan } from './plan';
import type { Recommendation } from './recommendation';
import type { ParamValues } from './runbook';
import type { Severity } from './severity';
import type { CorrelationConfig, DecisionConfig, SituationState } from './situation';

/** Names shared by the workflow, the workers and the API's Temporal client. */
export const TASK_QUEUE_SITUATIONS = 'situations';
export const TASK_QUEUE_REMEDIATION = 'remediation';
export const SITUATION_WORKFLOW_TYPE = 'situationWorkflow';
/** Signal carrying an AlertBatchSignal. */
export const ALERTS_SIGNAL = 'alerts';
/** Update carrying a DecisionUpdate, answering a DecisionResult. */
export const DECIDE_UPDATE = 'decide';
/** Signal: a human closes a situation left in manual handling (after a reject). */
export const CLOSE_SIGNAL = 'close';
/** Query returning the workflow's current snapshot. */
export const SNAPSHOT_QUERY = 'snapshot';

/** Custom search attributes (Keyword) registered on the Temporal namespace. */
export const SEARCH_ATTRIBUTES = {
  state: 'HroState',
  severity: 'HroSeverity',
  service: 'HroService',
} as const;

/** Start input of a situation workflow; the router fills it from API configuration. */
export interface SituationWorkflowInput {
  situationId: string;
  correlationKey: string;
  correlation: CorrelationConfig;
  decision: DecisionConfig;
  /** Present only when continuing as new: the state carried over. */
  carried?: unknown;
  /**
   * Continue-as-new once history has this many events (Temporal's own suggestion also
   * triggers it). Optional; tests lower it to force a continue-as-new.
   */
  continueAsNewAfterEvents?: number;
}

/** An alert as the situation workflow tracks it (latest applied signal per alert). */
export interface TrackedAlert {
  alertId: string;
  fingerprint: string;
  name: string;
  status: AlertStatus;
  severity: Severity;
  service: string | null;
  environment: string | null;
  occurrence: number;
  /** Highest outbox seq applied for this alert; lower or equal seqs are ignored. */
  lastSeq: number;
  firstAt: string;
  lastAt: string;
}

/** An approval the workflow has accepted for the current plan (four-eyes keeps several). */
export interface RecordedApproval {
  userId: string;
  email: string;
  planHash: string;
  runbookId: string;
  params: ParamValues;
  reason: string;
  at: string;
}

/** How a situation ended; `compensationsRun` names the compensations a rollback ran. */
export interface SituationOutcome {
  state: SituationState;
  message: string;
  compensationsRun: string[];
}

/** The situation workflow's state as the `snapshot` query returns it and continue-as-new carries it. */
export interface SituationSnapshot {
  situationId: string;
  correlationKey: string;
  version: number;
  state: SituationState;
  title: string;
  severity: Severity;
  service: string | null;
  environment: string | null;
  escalated: boolean;
  alerts: TrackedAlert[];
  alertCount: number;
  firingCount: number;
  createdAt: string;
  updatedAt: string;
  firstAlertAt: string | null;
  recommendation: Recommendation | null;
  plan: Plan | null;
  approvals: RecordedApproval[];
  decidedAt: string | null;
  escalatesAt: string | null;
  expiresAt: string | null;
  /** True while execution waits for the global `remediation.paused` switch. */
  paused: boolean;
  outcome: SituationOutcome | null;
  /** True once the workflow has finished (no further changes, correlation key released). */
  closed: boolean;
}

/**
 * The snapshot without its per-alert list: what the projection stores and the workflow
 * returns. Postgres already holds the alerts, and an alert storm's list would push these
 * payloads past Temporal's size limits.
 */
export type SituationView = Omit<SituationSnapshot, 'alerts'>;

/** Failure types of step activities that no retry can fix (policy or configuration). */
export const NON_RETRYABLE_STEP_ERRORS = ['StepPolicyViolation', 'StepConfigError'] as const;
