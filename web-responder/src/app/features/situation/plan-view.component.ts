import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Plan, StepAction } from '@hro/domain';

/** The exact plan as the dry-run rendered it: what will run, with which values. */
@Component({
  selector: 'hro-plan-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let p = plan();
    <div class="plan">
      <p class="plan-meta">
        <strong>{{ p.title }}</strong>
        <span class="mono">{{ p.runbookId }}&#64;v{{ p.runbookVersion }}</span>
        <span class="badge risk-{{ p.risk }}">{{ p.risk }} risk</span>
        <span>{{ p.requiredApprovals }} approval{{ p.requiredApprovals === 1 ? '' : 's' }} required</span>
      </p>
      @if (paramNames(p).length > 0) {
        <table class="params">
          <caption>
            Parameters
          </caption>
          <tbody>
            @for (name of paramNames(p); track name) {
              <tr>
                <th scope="row" class="mono">{{ name }}</th>
                <td class="mono">{{ p.params[name] }}</td>
              </tr>
            }
          </tbody>
        </table>
      }
      <ol class="steps">
        @for (step of p.steps; track step.index) {
          <li>
            <div class="step-head">
              <strong>{{ step.name }}</strong>
              <span class="muted small">retry: {{ step.retry }} · timeout {{ step.timeoutSeconds }}s</span>
            </div>
            <pre class="action">{{ describe(step.action) }}</pre>
            @if (step.compensate; as c) {
              <div class="compensate">
                <span class="small">On failure, undo with:</span>
                <pre class="action">{{ describe(c) }}</pre>
              </div>
            }
          </li>
        }
      </ol>
      <p class="hash">
        Plan hash <code>{{ p.hash }}</code>
      </p>
    </div>
  `,
})
export class PlanViewComponent {
  readonly plan = input.required<Plan>();

  protected paramNames(p: Plan): string[] {
    return Object.keys(p.params).sort();
  }

  /** One action as an operator would read it. */
  protected describe(a: StepAction): string {
    switch (a.kind) {
      case 'command':
        return `$ ${a.argv.map(quoteArg).join(' ')}`;
      case 'http': {
        const headers = Object.entries(a.headers)
          .map(([k, v]) => `\n${k}: ${v}`)
          .join('');
        const body = a.body === undefined ? '' : `\n\n${JSON.stringify(a.body, null, 2)}`;
        return `${a.method} ${a.url}${headers}${body}\n→ expect ${a.expectStatus.join(', ')}`;
      }
      case 'check':
        return `CHECK GET ${a.url} → expect ${a.expectStatus.join(', ')}${a.expectBody ? ` and body containing "${a.expectBody}"` : ''}`;
    }
  }
}

/** argv is never run through a shell; quote only for display clarity. */
function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
