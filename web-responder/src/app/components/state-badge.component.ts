import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { SituationState } from '@hro/domain';
import { STATE_LABELS } from './labels';

/** Situation state as a readable badge. */
@Component({
  selector: 'hro-state-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="badge state-{{ state() }}">{{ label() }}</span>`,
})
export class StateBadgeComponent {
  readonly state = input.required<SituationState>();
  protected readonly label = computed(() => STATE_LABELS[this.state()]);
}
