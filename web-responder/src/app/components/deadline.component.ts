import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { SituationSummary } from '@hro/domain';
import { ClockService } from '../core/clock.service';
import { formatDuration } from './duration';

/** Countdown to escalation, then to expiry, while a situation awaits approval. */
@Component({
  selector: 'hro-deadline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (view(); as v) {
      <span class="deadline" [class.urgent]="v.urgent" [attr.title]="v.title">{{ v.text }}</span>
    } @else {
      <span class="muted">—</span>
    }
  `,
})
export class DeadlineComponent {
  readonly situation = input.required<SituationSummary>();
  private readonly clock = inject(ClockService);

  protected readonly view = computed(() => {
    const s = this.situation();
    if (s.state !== 'awaiting_approval') return null;
    const now = this.clock.now();
    const esc = s.escalatesAt ? Date.parse(s.escalatesAt) : NaN;
    const exp = s.expiresAt ? Date.parse(s.expiresAt) : NaN;
    if (!s.escalated && esc > now) {
      return {
        text: `escalates in ${formatDuration(esc - now)}`,
        urgent: esc - now < 120_000,
        title: s.escalatesAt ?? '',
      };
    }
    if (exp > now) {
      return { text: `escalated · expires in ${formatDuration(exp - now)}`, urgent: true, title: s.expiresAt ?? '' };
    }
    return { text: 'expiring now', urgent: true, title: s.expiresAt ?? '' };
  });
}
