import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiClient } from '../../core/api-client.service';
import type { ApiError } from '../../core/api-error';
import { SessionService } from '../../core/session.service';

/** A rejected situation stays open for manual handling until a responder closes it. */
@Component({
  selector: 'hro-close-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card" aria-labelledby="close-heading">
      <h2 id="close-heading">Manual handling</h2>
      <p>The plan was rejected; nothing ran. Close the situation once it has been handled by hand.</p>
      @if (session.canPreview()) {
        <div class="field">
          <label for="close-reason">What was done</label>
          <textarea
            id="close-reason"
            dir="auto"
            rows="2"
            maxlength="2000"
            [value]="reason()"
            (input)="reason.set($any($event.target).value)"
          ></textarea>
        </div>
        <button type="button" class="secondary" (click)="close()" [disabled]="busy()">
          {{ busy() ? 'Closing…' : 'Close situation' }}
        </button>
      }
      @if (message(); as m) {
        <p
          class="banner"
          dir="auto"
          [class.error]="failed()"
          [class.ok]="!failed()"
          [attr.role]="failed() ? 'alert' : 'status'"
        >
          {{ m }}
        </p>
      }
    </section>
  `,
})
export class CloseFormComponent {
  readonly situationId = input.required<string>();
  readonly closed = output<void>();
  protected readonly session = inject(SessionService);
  private readonly api = inject(ApiClient);
  protected readonly reason = signal('');
  protected readonly busy = signal(false);
  protected readonly message = signal<string | null>(null);
  protected readonly failed = signal(false);

  protected async close(): Promise<void> {
    this.busy.set(true);
    try {
      await firstValueFrom(this.api.close(this.situationId(), this.reason().trim()));
      this.failed.set(false);
      this.message.set('Close requested; the situation ends shortly.');
      this.closed.emit();
    } catch (err) {
      this.failed.set(true);
      this.message.set((err as ApiError).userMessage);
    } finally {
      this.busy.set(false);
    }
  }
}
