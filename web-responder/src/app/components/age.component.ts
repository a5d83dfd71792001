import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { ClockService } from '../core/clock.service';
import { formatDuration } from './duration';

/** "12m 03s ago", ticking, with the exact time as a tooltip. */
@Component({
  selector: 'hro-age',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<time [attr.datetime]="since()" [attr.title]="since()">{{ text() }}</time>`,
})
export class AgeComponent {
  readonly since = input.required<string>();
  private readonly clock = inject(ClockService);
  protected readonly text = computed(() => `${formatDuration(this.clock.now() - Date.parse(this.since()))} ago`);
}
