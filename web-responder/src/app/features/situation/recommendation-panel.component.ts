import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Recommendation } from '@hro/domain';
import { STATE_LABELS } from '../../components/labels';
import { shortTime } from '../../components/time';

/** Ranked candidate fixes with confidence, rationale and the past situations behind them. */
@Component({
  selector: 'hro-recommendation-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="card" aria-labelledby="rec-heading">
      <h2 id="rec-heading">Recommendation</h2>
      @if (recommendation(); as r) {
        <ol class="candidates-list">
          @for (c of r.candidates; track c.runbook.id; let first = $first) {
            <li [class.top]="first">
              <div class="row">
                <strong>{{ c.runbook.title }}</strong>
                <span class="badge risk-{{ c.risk }}">{{ c.risk }} risk</span>
                <label class="confidence">
                  <span class="visually-hidden">Confidence</span>
                  <meter min="0" max="1" [value]="c.confidence" [attr.aria-valuetext]="pct(c.confidence)"></meter>
                  {{ pct(c.confidence) }} confidence
                </label>
              </div>
              <p dir="auto">{{ c.rationale }}</p>
              @if (c.similar.length > 0) {
                <details>
                  <summary>
                    {{ c.similar.length }} similar past situation{{ c.similar.length === 1 ? '' : 's' }}
                  </summary>
                  <ul class="similar">
                    @for (p of c.similar; track p.situationId) {
                      <li>
                        <a [routerLink]="['/situations', p.situationId]" dir="auto">{{ p.title }}</a>
                        — {{ stateLabels[p.outcome] }}, similarity {{ pct(p.similarity) }}
                        @if (p.runbookId) {
                          <span class="muted">via {{ p.runbookId }}</span>
                        }
                      </li>
                    }
                  </ul>
                </details>
              } @else {
                <p class="muted small">No similar past situations yet; ranked by the prior and risk.</p>
              }
            </li>
          }
        </ol>
        <p class="muted small">
          Generated <time [attr.datetime]="r.generatedAt" [title]="r.generatedAt">{{ t(r.generatedAt) }}</time>
        </p>
      } @else {
        <p class="muted">No recommendation yet — alerts are still being collected.</p>
      }
    </section>
  `,
})
export class RecommendationPanelComponent {
  readonly recommendation = input<Recommendation | null>(null);
  protected readonly stateLabels = STATE_LABELS;
  protected readonly t = shortTime;

  protected pct(x: number): string {
    return `${Math.round(x * 100)}%`;
  }
}
