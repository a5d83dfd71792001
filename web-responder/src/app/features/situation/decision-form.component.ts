import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import type { Candidate, DecisionRequest, DecisionResult, ParameterSpec, Plan, SituationDetail } from '@hro/domain';
import { firstValueFrom } from 'rxjs';
import { shortTime } from '../../components/time';
import { ApiClient } from '../../core/api-client.service';
import type { ApiError } from '../../core/api-error';
import { SessionService } from '../../core/session.service';
import { checkParams, fourEyes, type RawParams, rawFromParams, refusalMessage, sameParams } from './decision-logic';
import { PlanViewComponent } from './plan-view.component';

/**
 * Approve or reject the exact plan shown. The approver may pick another candidate or edit
 * parameters (validated here against the runbook's schema, then dry-run by the server);
 * the plan whose hash is approved is always the one on screen.
 */
@Component({
  selector: 'hro-decision-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PlanViewComponent],
  templateUrl: './decision-form.component.html',
})
export class DecisionFormComponent {
  readonly situation = input.required<SituationDetail>();
  /** The verdict and its sentence; the page keeps showing it once this form is gone. */
  readonly decided = output<{ result: DecisionResult; message: string }>();

  private readonly api = inject(ApiClient);
  protected readonly session = inject(SessionService);

  protected readonly t = shortTime;
  protected readonly candidateIndex = signal(0);
  protected readonly raw = signal<RawParams>({});
  protected readonly reason = signal('');
  /** The server's dry-run for the current form values, and which values it was for. */
  protected readonly preview = signal<{ key: string; plan: Plan } | null>(null);
  protected readonly busy = signal<'preview' | 'approve' | 'reject' | null>(null);
  protected readonly serverFieldErrors = signal<Record<string, string>>({});
  protected readonly refusal = signal<string | null>(null);
  protected readonly result = signal<string | null>(null);
  protected readonly reasonError = signal<string | null>(null);

  protected readonly candidates = computed<Candidate[]>(() => this.situation().recommendation?.candidates ?? []);
  protected readonly candidate = computed<Candidate | null>(() => this.candidates()[this.candidateIndex()] ?? null);
  protected readonly specs = computed<[string, ParameterSpec][]>(() =>
    Object.entries(this.candidate()?.runbook.parameters ?? {}),
  );

  /** Client-side validation against the candidate runbook's parameter schema. */
  protected readonly check = computed(() => {
    const c = this.candidate();
    if (!c) return { values: null, errors: {} };
    const s = this.situation();
    return checkParams(c.runbook, this.raw(), { service: s.service, environment: s.environment });
  });
  protected readonly fieldErrors = computed<Record<string, string>>(() => ({
    ...this.serverFieldErrors(),
    ...this.check().errors,
  }));
  private readonly valuesKey = computed(() => {
    const values = this.check().values;
    return values ? JSON.stringify([this.candidate()?.runbook.id, values]) : null;
  });

  /** The plan an approval would bind to, or null while edits still need a server dry-run. */
  protected readonly effectivePlan = computed<Plan | null>(() => {
    const c = this.candidate();
    const values = this.check().values;
    if (!c || !values) return null;
    if (sameParams(values, c.plan.params)) return c.plan;
    const shown = this.situation().plan;
    if (shown && shown.runbookId === c.runbook.id && sameParams(values, shown.params)) return shown;
    const p = this.preview();
    return p && p.key === this.valuesKey() ? p.plan : null;
  });
  protected readonly needsPreview = computed(() => this.check().values !== null && this.effectivePlan() === null);

  /** Four-eyes status for the plan on screen. */
  protected readonly eyes = computed(() => {
    const plan = this.effectivePlan() ?? this.situation().plan;
    return plan ? fourEyes(this.situation().approvals, plan, this.session.user()?.email ?? null) : null;
  });
  protected readonly awaiting = computed(() => this.situation().state === 'awaiting_approval');
  /** Once someone approved, the plan is fixed: the next approver confirms that exact plan. */
  protected readonly locked = computed(() => this.situation().approvals.some((a) => a.decision === 'approve'));

  constructor() {
    // Start from the plan the situation shows (or the approval in progress); re-seed only
    // when the recommendation or the approved plan changes, not under ordinary edits.
    let seededFor: string | null = null;
    effect(() => {
      const s = this.situation();
      // A first approval fixes the plan (four-eyes): jump to it even mid-edit.
      const firstApproval = s.approvals.find((a) => a.decision === 'approve')?.planHash ?? '';
      const key = `${s.id}:${s.recommendation?.generatedAt ?? ''}:${firstApproval}`;
      if (key === seededFor) return;
      seededFor = key;
      untracked(() => this.seed(s));
    });
  }

  protected chooseCandidate(index: number): void {
    this.candidateIndex.set(index);
    const c = this.candidates()[index];
    this.raw.set(c ? rawFromParams(c.plan.params) : {});
    this.preview.set(null);
    this.serverFieldErrors.set({});
    this.refusal.set(null);
  }

  protected setParam(name: string, value: string | boolean): void {
    this.raw.update((r) => ({ ...r, [name]: value }));
    this.serverFieldErrors.update((e) => {
      const next = { ...e };
      delete next[name];
      return next;
    });
  }

  protected resetParams(): void {
    this.chooseCandidate(this.candidateIndex());
  }

  /** Server dry-run of the edited parameters; its hash is what an approval will carry. */
  async previewPlan(): Promise<void> {
    const c = this.candidate();
    const values = this.check().values;
    const key = this.valuesKey();
    if (!c || !values || !key) return;
    this.busy.set('preview');
    this.refusal.set(null);
    try {
      const plan = await firstValueFrom(this.api.previewPlan(this.situation().id, c.runbook.id, values));
      this.preview.set({ key, plan });
    } catch (err) {
      this.showError(err as ApiError);
    } finally {
      this.busy.set(null);
    }
  }

  async approve(): Promise<void> {
    const plan = this.effectivePlan();
    if (!plan) return;
    const shown = this.situation().plan;
    const isShown = shown !== null && shown.hash === plan.hash;
    // Omitting runbookId/params means "the plan the situation shows" (DecisionRequest).
    const request: DecisionRequest = {
      decision: 'approve',
      planHash: plan.hash,
      reason: this.reason().trim(),
      ...(isShown ? {} : { runbookId: plan.runbookId, params: plan.params }),
    };
    await this.send('approve', request);
  }

  async reject(): Promise<void> {
    const plan = this.effectivePlan() ?? this.situation().plan;
    if (!plan) return;
    if (!this.reason().trim()) {
      this.reasonError.set('Say why you reject the plan; it goes into the audit trail.');
      return;
    }
    await this.send('reject', { decision: 'reject', planHash: plan.hash, reason: this.reason().trim() });
  }

  private async send(kind: 'approve' | 'reject', request: DecisionRequest): Promise<void> {
    this.busy.set(kind);
    this.refusal.set(null);
    this.result.set(null);
    this.reasonError.set(null);
    try {
      const res = await firstValueFrom(this.api.decide(this.situation().id, request));
      const message = describeResult(kind, res);
      this.result.set(message);
      this.decided.emit({ result: res, message });
    } catch (err) {
      this.showError(err as ApiError);
    } finally {
      this.busy.set(null);
    }
  }

  private showError(err: ApiError): void {
    if (err.fieldErrors.length > 0) {
      const byField: Record<string, string> = {};
      for (const fe of err.fieldErrors) byField[fe.field.replace(/^params\./, '')] = fe.message;
      this.serverFieldErrors.set(byField);
    }
    this.refusal.set(refusalMessage(err));
  }

  private seed(s: SituationDetail): void {
    const candidates = s.recommendation?.candidates ?? [];
    // Prefer the plan already being approved (four-eyes), then the plan the situation shows.
    const approvedHash = s.approvals.find((a) => a.decision === 'approve')?.planHash;
    const target = approvedHash ?? s.plan?.hash;
    let index = candidates.findIndex((c) => c.plan.hash === target);
    if (index < 0)
      index = Math.max(
        0,
        candidates.findIndex((c) => c.runbook.id === s.plan?.runbookId),
      );
    this.candidateIndex.set(index);
    const params = s.plan && s.plan.hash === target ? s.plan.params : (candidates[index]?.plan.params ?? {});
    this.raw.set(rawFromParams(params));
    this.preview.set(null);
  }
}

function describeResult(kind: 'approve' | 'reject', res: DecisionResult): string {
  if (kind === 'reject') return 'Rejected. Nothing will run; the situation is left for manual handling.';
  if (res.approvalsRemaining > 0) {
    return `Approval recorded. Waiting for ${res.approvalsRemaining} more approval${res.approvalsRemaining === 1 ? '' : 's'} from a different approver.`;
  }
  return 'Approved. Execution is starting.';
}
