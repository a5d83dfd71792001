import type {
  AlertStatus,
  AlertView,
  ApprovalView,
  ExecutionStepView,
  Plan,
  Recommendation,
  Severity,
  SituationDetail,
  SituationState,
  SituationSummary,
  StepStatus,
  TimelineEntry,
} from '@hro/domain';

// Row shapes, not Prisma types: this module is pure so that anything holding a
// Situation-shaped object (the projection activity, the CLI) can reuse the mapping.

/** The Situation columns a summary needs. */
export interface SituationRowLike {
  id: string;
  title: string;
  state: string;
  severity: string;
  service: string | null;
  environment: string | null;
  escalated: boolean;
  alertCount: number;
  firingCount: number;
  version: number;
  runbookId: string | null;
  escalatesAt: Date | null;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

export interface AlertRowLike {
  id: string;
  fingerprint: string;
  source: string;
  status: string;
  severity: string;
  name: string;
  summary: string | null;
  service: string | null;
  environment: string | null;
  resource: string | null;
  labels: unknown;
  annotations: unknown;
  count: number;
  flapCount: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
}

export interface AlertEventRowLike {
  alertId: string;
  kind: string;
  status: string;
  severity: string;
  source: string;
  at: Date;
}

export interface TransitionRowLike {
  fromState: string | null;
  toState: string;
  at: Date;
  reason: string;
  actor: string | null;
}

export interface ApprovalRowLike {
  id: string;
  decision: string;
  planHash: string;
  reason: string;
  createdAt: Date;
  user: { email: string };
}

export interface StepRowLike {
  index: number;
  phase: string;
  name: string;
  status: string;
  attempts: number;
  output: string | null;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** Everything a detail view is built from. */
export interface SituationDetailRowLike extends SituationRowLike {
  plan: unknown;
  recommendation: unknown;
  outcome: unknown;
  alerts: AlertRowLike[];
  alertEvents: AlertEventRowLike[];
  transitions: TransitionRowLike[];
  approvals: ApprovalRowLike[];
  steps: StepRowLike[];
}

const iso = (d: Date): string => d.toISOString();
const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Maps a Situation row to the list DTO; the workflow id is the situation id. */
export function toSituationSummary(row: SituationRowLike): SituationSummary {
  return {
    id: row.id,
    workflowId: row.id,
    title: row.title,
    state: row.state as SituationState,
    severity: row.severity as Severity,
    service: row.service,
    environment: row.environment,
    alertCount: row.alertCount,
    firingCount: row.firingCount,
    escalated: row.escalated,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    escalatesAt: isoOrNull(row.escalatesAt),
    expiresAt: isoOrNull(row.expiresAt),
    runbookId: row.runbookId,
    version: row.version,
    closed: row.closedAt !== null,
  };
}

/** Maps an Alert row to its view. */
export function toAlertView(row: AlertRowLike): AlertView {
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    source: row.source,
    status: row.status as AlertStatus,
    severity: row.severity as Severity,
    name: row.name,
    summary: row.summary,
    service: row.service,
    environment: row.environment,
    resource: row.resource,
    labels: stringRecord(row.labels),
    annotations: stringRecord(row.annotations),
    count: row.count,
    flapCount: row.flapCount,
    firstSeenAt: iso(row.firstSeenAt),
    lastSeenAt: iso(row.lastSeenAt),
    resolvedAt: isoOrNull(row.resolvedAt),
  };
}

const PHASE_ORDER: Record<string, number> = { apply: 0, compensate: 1, verify: 2 };

/** Maps an ExecutionStep row to its view. */
export function toStepView(row: StepRowLike): ExecutionStepView {
  return {
    index: row.index,
    name: row.name,
    phase: row.phase as ExecutionStepView['phase'],
    status: row.status as StepStatus,
    attempts: row.attempts,
    output: row.output,
    error: row.error,
    startedAt: isoOrNull(row.startedAt),
    finishedAt: isoOrNull(row.finishedAt),
  };
}

function approvalView(row: ApprovalRowLike): ApprovalView {
  return {
    id: row.id,
    decision: row.decision === 'reject' ? 'reject' : 'approve',
    userEmail: row.user.email,
    planHash: row.planHash,
    reason: row.reason,
    createdAt: iso(row.createdAt),
  };
}

/** One chronological story from alert events, state transitions, decisions and steps. */
export function buildTimeline(row: SituationDetailRowLike): TimelineEntry[] {
  const names = new Map(row.alerts.map((a) => [a.id, a.name]));
  const entries: TimelineEntry[] = [];
  for (const e of row.alertEvents) {
    entries.push({
      at: iso(e.at),
      kind: `alert.${e.kind}`,
      message: `${names.get(e.alertId) ?? 'alert'} ${e.kind} (${e.severity}, from ${e.source})`,
      alertId: e.alertId,
      actor: null,
    });
  }
  for (const t of row.transitions) {
    const from = t.fromState ? `${t.fromState} → ` : '';
    entries.push({
      at: iso(t.at),
      kind: 'situation.transition',
      message: `${from}${t.toState}${t.reason ? `: ${t.reason}` : ''}`,
      alertId: null,
      actor: t.actor,
    });
  }
  for (const a of row.approvals) {
    const verb = a.decision === 'reject' ? 'rejected' : 'approved';
    entries.push({
      at: iso(a.createdAt),
      kind: `decision.${a.decision}`,
      message: `${a.user.email} ${verb} plan ${a.planHash.slice(0, 12)}${a.reason ? `: ${a.reason}` : ''}`,
      alertId: null,
      actor: a.user.email,
    });
  }
  for (const s of row.steps) {
    if (s.startedAt) {
      entries.push({
        at: iso(s.startedAt),
        kind: 'step.started',
        message: `${s.phase} step ${s.index} "${s.name}" started`,
        alertId: null,
        actor: null,
      });
    }
    if (s.finishedAt) {
      entries.push({
        at: iso(s.finishedAt),
        kind: `step.${s.status}`,
        message: `${s.phase} step ${s.index} "${s.name}" ${s.status} after ${s.attempts} attempt(s)`,
        alertId: null,
        actor: null,
      });
    }
  }
  // Stable sort keeps the insertion order (alerts, transitions, decisions, steps) on ties.
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

function outcomeOf(value: unknown): SituationDetail['outcome'] {
  if (!value || typeof value !== 'object') return null;
  const o = value as { state?: unknown; message?: unknown; compensationsRun?: unknown };
  if (typeof o.state !== 'string') return null;
  return {
    state: o.state as SituationState,
    message: typeof o.message === 'string' ? o.message : '',
    compensationsRun: Array.isArray(o.compensationsRun) ? o.compensationsRun.map(String) : [],
  };
}

/** Maps a Situation with its relations to the detail DTO. */
export function toSituationDetail(
  row: SituationDetailRowLike,
  temporal: { uiUrl: string; namespace: string },
): SituationDetail {
  const steps = [...row.steps].sort(
    (a, b) => (PHASE_ORDER[a.phase] ?? 9) - (PHASE_ORDER[b.phase] ?? 9) || a.index - b.index,
  );
  const base = temporal.uiUrl.replace(/\/+$/, '');
  return {
    ...toSituationSummary(row),
    alerts: row.alerts.map(toAlertView),
    timeline: buildTimeline(row),
    recommendation: (row.recommendation as Recommendation | null) ?? null,
    plan: (row.plan as Plan | null) ?? null,
    approvals: row.approvals.map(approvalView),
    steps: steps.map(toStepView),
    outcome: outcomeOf(row.outcome),
    temporalUrl: `${base}/namespaces/${encodeURIComponent(temporal.namespace)}/workflows/${encodeURIComponent(row.id)}`,
  };
}
