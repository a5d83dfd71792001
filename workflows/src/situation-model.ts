import {
  isTerminal,
  maxSeverity,
  type AlertSignal,
  type Plan,
  type PlanContext,
  type Recommendation,
  type RecordedApproval,
  type Severity,
  type SituationOutcome,
  type SituationSnapshot,
  type SituationState,
  type SituationView,
  type TrackedAlert,
} from '@hro/domain';

/** Everything a situation workflow carries across continue-as-new. */
export interface CarriedState {
  snapshot: SituationSnapshot;
  /** Alert names the last (empty) recommendation was computed for; new names re-recommend. */
  recommendedFor: string[];
  rejected: boolean;
  rejection: Rejection | null;
  closeRequested: boolean;
  closedBy: string | null;
  /** The context the plan was rendered with; alternatives and edits render with it too. */
  context: PlanContext | null;
  verifyUntil: string | null;
  /** Seqs of alerts that reached a finished situation and must be routed again. */
  handBack: number[];
  /** Labels every alert so far has shared (null before the first alert). */
  commonLabels: Record<string, string> | null;
}

/** A recorded reject decision. */
export interface Rejection {
  email: string;
  reason: string;
  at: string;
}

/**
 * The long-lived state of one situation in one plain class, so signal and update handlers
 * stay short and continue-as-new can carry it whole. Pure: no Temporal APIs in here.
 */
export class SituationModel {
  state: SituationState = 'collecting';
  version = 0;
  escalated = false;
  alerts = new Map<string, TrackedAlert>();
  firstAlertAt: string | null = null;
  updatedAt: string;
  recommendation: Recommendation | null = null;
  plan: Plan | null = null;
  approvals: RecordedApproval[] = [];
  decidedAt: string | null = null;
  escalatesAt: string | null = null;
  expiresAt: string | null = null;
  paused = false;
  outcome: SituationOutcome | null = null;
  closed = false;
  recommendedFor: string[] = [];
  /** Set as soon as a reject is accepted (blocks other decisions); `rejection` once recorded. */
  rejected = false;
  rejection: Rejection | null = null;
  closeRequested = false;
  closedBy: string | null = null;
  context: PlanContext | null = null;
  verifyUntil: string | null = null;
  handBack: number[] = [];
  /**
   * Labels all alerts share, kept as a running intersection instead of every alert's labels:
   * the per-alert list is carried across continue-as-new and must stay small in a storm.
   */
  commonLabels: Record<string, string> | null = null;
  /** Something changed since the last projection; `note` says what, if not alerts. */
  dirty = false;
  note: string | null = null;
  /** Approvals whose Approval row is still being written (counted once recorded). */
  recording = 0;

  constructor(
    readonly situationId: string,
    readonly correlationKey: string,
    readonly createdAt: string,
  ) {
    this.updatedAt = createdAt;
  }

  /** Rebuilds the model from state carried over a continue-as-new. */
  static restore(c: CarriedState): SituationModel {
    const s = c.snapshot;
    const m = new SituationModel(s.situationId, s.correlationKey, s.createdAt);
    Object.assign(m, {
      state: s.state,
      version: s.version,
      escalated: s.escalated,
      alerts: new Map(s.alerts.map((a) => [a.alertId, a])),
      firstAlertAt: s.firstAlertAt,
      updatedAt: s.updatedAt,
      recommendation: s.recommendation,
      plan: s.plan,
      approvals: s.approvals,
      decidedAt: s.decidedAt,
      escalatesAt: s.escalatesAt,
      expiresAt: s.expiresAt,
      paused: s.paused,
      outcome: s.outcome,
      closed: s.closed,
      recommendedFor: c.recommendedFor,
      rejected: c.rejected,
      rejection: c.rejection,
      closeRequested: c.closeRequested,
      closedBy: c.closedBy,
      context: c.context,
      verifyUntil: c.verifyUntil,
      handBack: c.handBack,
      commonLabels: c.commonLabels ?? legacyCommonLabels(s.alerts),
    });
    return m;
  }

  /**
   * Applies a batch of alert changes. A seq at or below the last applied one for that
   * alert is a redelivery and is ignored. Returns the seqs that were new.
   */
  applyAlerts(batch: AlertSignal[]): number[] {
    const applied: number[] = [];
    for (const a of batch) {
      const known = this.alerts.get(a.alertId);
      if (known && a.seq <= known.lastSeq) continue;
      applied.push(a.seq);
      this.firstAlertAt ??= a.at;
      this.commonLabels = this.commonLabels === null ? { ...a.labels } : intersect(this.commonLabels, a.labels);
      this.alerts.set(a.alertId, {
        alertId: a.alertId,
        fingerprint: a.fingerprint,
        name: a.name,
        status: a.status,
        severity: known ? maxSeverity(known.severity, a.severity) : a.severity,
        service: a.service,
        environment: a.environment,
        occurrence: a.occurrence,
        lastSeq: a.seq,
        firstAt: known?.firstAt ?? a.at,
        lastAt: a.at,
      });
    }
    return applied;
  }

  get alertCount(): number {
    return this.alerts.size;
  }

  get firingCount(): number {
    let n = 0;
    for (const a of this.alerts.values()) if (a.status !== 'resolved') n++;
    return n;
  }

  /** True when the situation has alerts and every one of them has resolved. */
  get allResolved(): boolean {
    return this.alerts.size > 0 && this.firingCount === 0;
  }

  get terminal(): boolean {
    return isTerminal(this.state);
  }

  get severity(): Severity {
    let s: Severity = 'info';
    for (const a of this.alerts.values()) s = maxSeverity(s, a.severity);
    return s;
  }

  /** Distinct alert names, sorted: the identity of what a recommendation was made for. */
  get alertNames(): string[] {
    return [...new Set([...this.alerts.values()].map((a) => a.name))].sort();
  }

  /** The most common non-null value of a field across the alerts (ties: first seen). */
  private dominant(field: 'service' | 'environment'): string | null {
    const counts = new Map<string, number>();
    for (const a of this.alerts.values()) {
      const v = a[field];
      if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    let best: string | null = null;
    let bestN = 0;
    for (const [v, n] of counts) if (n > bestN) [best, bestN] = [v, n];
    return best;
  }

  get service(): string | null {
    return this.dominant('service');
  }

  get environment(): string | null {
    return this.dominant('environment');
  }

  /** A short human title: the most severe alert's name, where, and how many others. */
  get title(): string {
    const sorted = [...this.alerts.values()].sort((a, b) =>
      a.severity === b.severity ? 0 : maxSeverity(a.severity, b.severity) === a.severity ? -1 : 1,
    );
    const top = sorted[0];
    if (!top) return `Situation ${this.correlationKey}`;
    const where = [this.service, this.environment].filter(Boolean).join(' in ');
    const others = this.alertNames.length - 1;
    return `${top.name}${where ? ` on ${where}` : ''}${others > 0 ? ` (+${others} more)` : ''}`;
  }

  /**
   * True once the plan has all the approvals it needs, counting those still being written:
   * from that moment no other decision may be accepted (a reject or an extra approval racing
   * the last approval's audit write would otherwise both be told they won).
   */
  get quorumTaken(): boolean {
    return this.approvals.length >= (this.plan?.requiredApprovals ?? 1);
  }

  /** Approvals recorded for the current plan that count towards its quorum. */
  get approvalsRemaining(): number {
    const needed = this.plan?.requiredApprovals ?? 1;
    return Math.max(0, needed - (this.approvals.length - this.recording));
  }

  snapshot(): SituationSnapshot {
    return { ...this.view(), alerts: [...this.alerts.values()] };
  }

  /** The snapshot without the per-alert list (projection input, workflow result). */
  view(): SituationView {
    return {
      situationId: this.situationId,
      correlationKey: this.correlationKey,
      version: this.version,
      state: this.state,
      title: this.title,
      severity: this.severity,
      service: this.service,
      environment: this.environment,
      escalated: this.escalated,
      alertCount: this.alertCount,
      firingCount: this.firingCount,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
      firstAlertAt: this.firstAlertAt,
      recommendation: this.recommendation,
      plan: this.plan,
      approvals: this.approvals,
      decidedAt: this.decidedAt,
      escalatesAt: this.escalatesAt,
      expiresAt: this.expiresAt,
      paused: this.paused,
      outcome: this.outcome,
      closed: this.closed,
    };
  }

  carried(): CarriedState {
    return {
      snapshot: this.snapshot(),
      recommendedFor: this.recommendedFor,
      rejected: this.rejected,
      rejection: this.rejection,
      closeRequested: this.closeRequested,
      closedBy: this.closedBy,
      context: this.context,
      verifyUntil: this.verifyUntil,
      handBack: this.handBack,
      commonLabels: this.commonLabels,
    };
  }
}

function intersect(common: Record<string, string>, labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(common)) if (labels[k] === v) out[k] = v;
  return out;
}

/** State carried by a run from before `commonLabels` existed: its alerts still had labels. */
function legacyCommonLabels(
  alerts: (TrackedAlert & { labels?: Record<string, string> })[],
): Record<string, string> | null {
  let common: Record<string, string> | null = null;
  for (const a of alerts) common = common === null ? { ...(a.labels ?? {}) } : intersect(common, a.labels ?? {});
  return common;
}
