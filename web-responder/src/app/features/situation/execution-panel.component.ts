import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { ExecutionStepView, SituationDetail } from '@hro/domain';
import { STATE_LABELS } from '../../components/labels';

const PHASE_LABELS = {
  apply: 'Steps',
  compensate: 'Compensations (undo, in reverse)',
  verify: 'Verification',
} as const;

/** The run, live: each step's status, attempts, output; compensations; verification; outcome. */
@Component({
  selector: 'hro-execution-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let s = situation();
    <section class="card" aria-labelledby="exec-heading" aria-live="polite">
      <h2 id="exec-heading">Execution</h2>
      @if (s.outcome; as o) {
        <p class="banner outcome outcome-{{ o.state }}" data-testid="outcome">
          <strong>{{ stateLabels[o.state] }}</strong> — <bdi>{{ o.message }}</bdi>
          @if (o.compensationsRun.length > 0) {
            <br />Compensations run: <bdi>{{ o.compensationsRun.join(', ') }}</bdi>
          }
        </p>
      } @else if (s.state === 'verifying') {
        <p class="banner info" role="status">Verifying: waiting for the situation's alerts to resolve…</p>
      }
      @for (phase of phases(); track phase.phase) {
        <h3>{{ phase.label }}</h3>
        <ol class="exec-steps">
          @for (step of phase.steps; track step.index) {
            <li class="exec-step status-{{ step.status }}" [attr.data-step]="step.phase + '-' + step.index">
              <div class="row">
                <span class="badge status-{{ step.status }}">{{ step.status }}</span>
                <strong>{{ step.name }}</strong>
                <span class="muted small">
                  attempt{{ step.attempts === 1 ? '' : 's' }}: {{ step.attempts }}
                  @if (step.attempts > 1) {
                    (retried {{ step.attempts - 1 }}×)
                  }
                </span>
                @if (step.startedAt) {
                  <span class="muted small"
                    >started <time [attr.datetime]="step.startedAt">{{ time(step.startedAt) }}</time></span
                  >
                }
                @if (step.finishedAt) {
                  <span class="muted small"
                    >finished <time [attr.datetime]="step.finishedAt">{{ time(step.finishedAt) }}</time></span
                  >
                }
              </div>
              @if (step.error) {
                <pre class="step-error" dir="auto">{{ step.error }}</pre>
              }
              @if (step.output) {
                <details>
                  <summary>Output</summary>
                  <pre class="step-output" dir="auto">{{ step.output }}</pre>
                </details>
              }
            </li>
          }
        </ol>
      } @empty {
        @if (s.plan && (s.state === 'awaiting_approval' || s.state === 'collecting' || s.state === 'recommending')) {
          <p class="muted">Nothing runs until the plan is approved.</p>
        } @else {
          <p class="muted">No steps ran.</p>
        }
      }
    </section>
  `,
})
export class ExecutionPanelComponent {
  readonly situation = input.required<SituationDetail>();
  protected readonly stateLabels = STATE_LABELS;

  /** Recorded steps by phase; planned apply steps not started yet show as pending. */
  protected readonly phases = computed(() => {
    const s = this.situation();
    const started = s.state === 'executing' || s.state === 'verifying' || s.steps.length > 0;
    const apply: ExecutionStepView[] = s.steps.filter((x) => x.phase === 'apply');
    if (started && s.plan) {
      for (const planned of s.plan.steps) {
        if (!apply.some((x) => x.index === planned.index)) {
          apply.push({
            index: planned.index,
            name: planned.name,
            phase: 'apply',
            status: 'pending',
            attempts: 0,
            output: null,
            error: null,
            startedAt: null,
            finishedAt: null,
          });
        }
      }
    }
    apply.sort((a, b) => a.index - b.index);
    return (['apply', 'compensate', 'verify'] as const)
      .map((phase) => ({
        phase,
        label: PHASE_LABELS[phase],
        steps: phase === 'apply' ? apply : s.steps.filter((x) => x.phase === phase),
      }))
      .filter((p) => p.steps.length > 0);
  });

  protected time(iso: string): string {
    return new Date(iso).toLocaleTimeString();
  }
}
