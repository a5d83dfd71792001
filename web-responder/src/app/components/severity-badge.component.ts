import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Severity } from '@hro/domain';

/** Severity as a colour-coded, text-labelled badge (never colour alone). */
@Component({
  selector: 'hro-severity-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="badge sev-{{ severity() }}">{{ severity() }}</span>`,
})
export class SeverityBadgeComponent {
  readonly severity = input.required<Severity>();
}
