import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { ApiError } from '../core/api-error';

/** An API error shown plainly, announced to screen readers, with an optional retry. */
@Component({
  selector: 'hro-error-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error(); as e) {
      <div class="banner error" role="alert">
        <span dir="auto">{{ e.userMessage }}</span>
        @if (retryable()) {
          <button type="button" class="secondary" (click)="retry.emit()">Retry</button>
        }
      </div>
    }
  `,
})
export class ErrorBannerComponent {
  readonly error = input<ApiError | null>(null);
  readonly retryable = input(false);
  readonly retry = output<void>();
}
