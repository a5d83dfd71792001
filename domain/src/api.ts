import type { AlertStatus } from './alert';
import type { Plan } from './plan';
import type { Recommendation } from './recommendation';
import type { Severity } from './severity';
import type { SituationState } from './situation';

/** Row in the situation list (`GET /api/v1/situations`). */
export interface SituationSummary {
  id: string;
  workflowId: string;
  title: string;
  state: SituationState;
  severity: Severity;
  service: string | null;
  environment: string | null;
  alertCount: number;
  firingCount: number;
  escalated: boolean;
  createdAt: string;
  updatedAt: string;
  /** While awaiting approval: when it escalates and when it expires. */
  escalatesAt: string | null;
  expiresAt: string | null;
  runbookId: string | null;
  /** Monotonic per situation; clients drop events older than what they hold. */
  version: number;
  /** The workflow has finished: nothing changes any more (a rejected situation stays open until closed). */
  closed: boolean;
}

export interface AlertView {
  id: string;
  fingerprint: string;
  source: string;
  status: AlertStatus;
  severity: Severity;
  name: string;
  summary: string | null;
  service: string | null;
  environment: string | null;
  resource: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  count: number;
  flapCount: number;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
}

export interface TimelineEntry {
  at: string;
  kind: string;
  message: string;
  alertId: string | null;
  actor: string | null;
}

export interface ApprovalView {
  id: string;
  decision: 'approve' | 'reject';
  userEmail: string;
  planHash: string;
  reason: string;
  createdAt: string;
}

/** `retrying`: an attempt failed and Temporal will try again; `failed` only after the last attempt. */
export type StepStatus = 'pending' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'compensated' | 'skipped';

export interface ExecutionStepView {
  index: number;
  name: string;
  phase: 'apply' | 'compensate' | 'verify';
  status: StepStatus;
  attempts: number;
  output: string | null;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Full situation (`GET /api/v1/situations/:id`). */
export interface SituationDetail extends SituationSummary {
  alerts: AlertView[];
  timeline: TimelineEntry[];
  recommendation: Recommendation | null;
  plan: Plan | null;
  approvals: ApprovalView[];
  steps: ExecutionStepView[];
  outcome: { state: SituationState; message: string; compensationsRun: string[] } | null;
  temporalUrl: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** RFC 9457 problem details, the body of every 4xx/5xx. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}
