import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { TimelineEntry } from '@hro/domain';

/** Everything that happened, oldest first: alerts firing/resolving/flapping, state changes, decisions. */
@Component({
  selector: 'hro-timeline-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <ol class="timeline">
        @for (t of sorted(); track $index) {
          <li class="kind-{{ t.kind }}">
            <time [attr.datetime]="t.at">{{ time(t.at) }}</time>
            <span class="badge">{{ t.kind }}</span>
            <span class="message"
              >{{ t.message }}
              @if (t.actor && !t.message.includes(t.actor)) {
                <span class="muted">by {{ t.actor }}</span>
              }
            </span>
          </li>
        } @empty {
          <li class="muted">Nothing yet.</li>
        }
      </ol>
    </section>
  `,
})
export class TimelinePanelComponent {
  readonly entries = input.required<TimelineEntry[]>();
  protected readonly sorted = computed(() => [...this.entries()].sort((a, b) => a.at.localeCompare(b.at)));

  protected time(iso: string): string {
    return new Date(iso).toLocaleTimeString();
  }
}
