import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { AlertView, TimelineEntry } from '@hro/domain';
import { leadingParts, type TextPart } from '../../components/bidi';
import { BidiTextComponent } from '../../components/bidi-text.component';

/** Everything that happened, oldest first: alerts firing/resolving/flapping, state changes, decisions. */
@Component({
  selector: 'hro-timeline-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BidiTextComponent],
  template: `
    <section class="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <ol class="timeline">
        @for (t of sorted(); track $index) {
          <li class="kind-{{ t.kind }}">
            <time [attr.datetime]="t.at">{{ time(t.at) }}</time>
            <span class="badge">{{ t.kind }}</span>
            <span class="message"
              ><hro-bidi-text [parts]="parts(t)" />
              @if (t.actor && !t.message.includes(t.actor)) {
                <span class="muted">
                  by <bdi>{{ t.actor }}</bdi></span
                >
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
  /** The situation's alerts: an alert entry starts with the alert's (sender-chosen) name. */
  readonly alerts = input<AlertView[]>([]);
  protected readonly sorted = computed(() => [...this.entries()].sort((a, b) => a.at.localeCompare(b.at)));
  private readonly alertNames = computed(() => new Map(this.alerts().map((a) => [a.id, a.name])));

  protected time(iso: string): string {
    return new Date(iso).toLocaleTimeString();
  }

  /** The message with the sender's value it starts with (alert name, or the actor) isolated. */
  protected parts(t: TimelineEntry): TextPart[] {
    return leadingParts(t.message, t.alertId ? this.alertNames().get(t.alertId) : t.actor);
  }
}
