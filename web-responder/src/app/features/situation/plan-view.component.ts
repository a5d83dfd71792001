import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Plan, StepAction } from '@hro/domain';
import type { TextPart } from '../../components/bidi';
import { BidiTextComponent } from '../../components/bidi-text.component';

/** The exact plan as the dry-run rendered it: what will run, with which values. */
@Component({
  selector: 'hro-plan-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BidiTextComponent],
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
                <td class="mono" dir="auto">{{ p.params[name] }}</td>
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
            <pre class="action"><hro-bidi-text [parts]="describe(step.action)" /></pre>
            @if (step.compensate; as c) {
              <div class="compensate">
                <span class="small">On failure, undo with:</span>
                <pre class="action"><hro-bidi-text [parts]="describe(c)" /></pre>
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

  /**
   * One action as an operator would read it. Rendered values (arguments, URL, header values,
   * body) can carry alert-derived parameters, so each is its own isolated piece.
   */
  protected describe(a: StepAction): TextPart[] {
    switch (a.kind) {
      case 'command':
        return [plain('$'), ...a.argv.flatMap((arg) => [plain(' '), value(quoteArg(arg))])];
      case 'http':
        return [
          plain(`${a.method} `),
          value(a.url),
          ...Object.entries(a.headers).flatMap(([k, v]) => [plain(`\n${k}: `), value(v)]),
          ...(a.body === undefined ? [] : [plain('\n\n'), value(JSON.stringify(a.body, null, 2))]),
          plain(`\n→ expect ${a.expectStatus.join(', ')}`),
        ];
      case 'check':
        return [
          plain('CHECK GET '),
          value(a.url),
          plain(` → expect ${a.expectStatus.join(', ')}`),
          ...(a.expectBody ? [plain(' and body containing "'), value(a.expectBody), plain('"')] : []),
        ];
    }
  }
}

const plain = (text: string): TextPart => ({ text, iso: false });
const value = (text: string): TextPart => ({ text, iso: true });

/** argv is never run through a shell; quote only for display clarity. */
function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
