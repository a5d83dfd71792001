import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import type { AlertView } from '@hro/domain';
import { severityRank } from '../../components/labels';
import { SeverityBadgeComponent } from '../../components/severity-badge.component';
import { shortTime } from '../../components/time';

/** Labels shown per alert before "show all" (ingest keeps up to 128 per alert). */
export const LABELS_SHOWN = 12;
/** Keys that say what and where, listed before the rest (which follow alphabetically). */
const KEY_LABELS = ['alertname', 'severity', 'service', 'environment', 'instance'];

interface AlertGroup {
  name: string;
  alerts: AlertView[];
  deliveries: number;
  flaps: number;
  firing: number;
}

/** The situation's alerts grouped by alert name, with counts, flaps and (the first few) labels. */
@Component({
  selector: 'hro-alerts-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SeverityBadgeComponent],
  template: `
    <section class="card" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">
        Alerts <span class="muted">({{ alerts().length }})</span>
      </h2>
      @for (g of groups(); track g.name) {
        <details class="alert-group" open>
          <summary>
            <strong dir="auto">{{ g.name }}</strong>
            <span class="muted">
              {{ g.alerts.length }} alert{{ g.alerts.length === 1 ? '' : 's' }} · {{ g.firing }} firing ·
              {{ g.deliveries }} deliveries · {{ g.flaps }} flap{{ g.flaps === 1 ? '' : 's' }}
            </span>
          </summary>
          <div class="table-scroll">
            <table class="alerts">
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col">Status</th>
                  <th scope="col">Resource / summary</th>
                  <th scope="col" class="num">Count</th>
                  <th scope="col" class="num">Flaps</th>
                  <th scope="col">First / last seen</th>
                </tr>
              </thead>
              <tbody>
                @for (a of g.alerts; track a.id) {
                  <tr>
                    <td><hro-severity-badge [severity]="a.severity" /></td>
                    <td>
                      <span class="badge status-{{ a.status }}">{{ a.status }}</span>
                    </td>
                    <td>
                      <div>
                        <bdi>{{ a.resource ?? a.service ?? '—' }}</bdi><span class="muted small">
                          ({{ a.source }})</span
                        >
                      </div>
                      @if (a.summary) {
                        <div class="small" dir="auto">{{ a.summary }}</div>
                      }
                      @let labels = labelList(a);
                      @let all = expanded().has(a.id);
                      <ul class="labels" [id]="'labels-' + a.id" [attr.aria-label]="'Labels (' + labels.length + ')'">
                        @for (l of all ? labels : labels.slice(0, shown); track l[0]) {
                          <li>
                            <span class="mono"
                              ><bdi>{{ l[0] }}</bdi
                              >=<bdi>{{ l[1] }}</bdi></span
                            >
                          </li>
                        }
                      </ul>
                      @if (labels.length > shown) {
                        <button
                          type="button"
                          class="link small labels-toggle"
                          [attr.aria-expanded]="all"
                          [attr.aria-controls]="'labels-' + a.id"
                          (click)="toggleLabels(a.id)"
                        >
                          {{ all ? 'Show fewer labels' : 'Show all ' + labels.length + ' labels' }}
                        </button>
                      }
                    </td>
                    <td class="num">{{ a.count }}</td>
                    <td class="num">{{ a.flapCount }}</td>
                    <td class="small">
                      <time [attr.datetime]="a.firstSeenAt" [title]="a.firstSeenAt">{{ t(a.firstSeenAt) }}</time><br />
                      <time [attr.datetime]="a.lastSeenAt" [title]="a.lastSeenAt">{{ t(a.lastSeenAt) }}</time>
                      @if (a.resolvedAt) {
                        <br />resolved
                        <time [attr.datetime]="a.resolvedAt" [title]="a.resolvedAt">{{ t(a.resolvedAt) }}</time>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        </details>
      } @empty {
        <p class="muted">No alerts recorded yet.</p>
      }
    </section>
  `,
})
export class AlertsPanelComponent {
  readonly alerts = input.required<AlertView[]>();

  protected readonly groups = computed<AlertGroup[]>(() => {
    const byName = new Map<string, AlertView[]>();
    for (const a of this.alerts()) byName.set(a.name, [...(byName.get(a.name) ?? []), a]);
    return [...byName.entries()]
      .map(([name, alerts]) => ({
        name,
        alerts: [...alerts].sort((x, y) => severityRank(x.severity) - severityRank(y.severity)),
        deliveries: alerts.reduce((n, a) => n + a.count, 0),
        flaps: alerts.reduce((n, a) => n + a.flapCount, 0),
        firing: alerts.filter((a) => a.status === 'firing').length,
      }))
      .sort((x, y) => y.firing - x.firing || x.name.localeCompare(y.name));
  });

  protected readonly t = shortTime;
  protected readonly shown = LABELS_SHOWN;
  /** Alerts whose labels are all shown. */
  protected readonly expanded = signal<ReadonlySet<string>>(new Set());

  protected labelList(a: AlertView): [string, string][] {
    const rank = (k: string) => (KEY_LABELS.includes(k) ? KEY_LABELS.indexOf(k) : KEY_LABELS.length);
    return Object.entries(a.labels).sort(([x], [y]) => rank(x) - rank(y) || x.localeCompare(y));
  }

  protected toggleLabels(id: string): void {
    this.expanded.update((ids) => {
      const next = new Set(ids);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }
}
