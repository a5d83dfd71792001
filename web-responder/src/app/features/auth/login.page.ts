import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { ErrorBannerComponent } from '../../components/error-banner.component';
import type { ApiError } from '../../core/api-error';
import { SessionService } from '../../core/session.service';

/** Sign-in; returns the user to where they were when the session ran out. */
@Component({
  selector: 'hro-login-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ErrorBannerComponent],
  template: `
    <section class="login card" aria-labelledby="login-heading">
      <h1 id="login-heading">Sign in to the Command Center</h1>
      @if (expired()) {
        <p class="banner info" role="status">Your session ended. Sign in again to continue where you were.</p>
      }
      <form (ngSubmit)="submit()" #f="ngForm">
        <label>
          Email
          <input name="email" type="email" autocomplete="username" required [(ngModel)]="email" autofocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" required [(ngModel)]="password" />
        </label>
        <hro-error-banner [error]="error()" />
        <button type="submit" [disabled]="busy() || f.invalid">{{ busy() ? 'Signing in…' : 'Sign in' }}</button>
      </form>
    </section>
  `,
})
export class LoginPage {
  /** Bound from the query string by the router (withComponentInputBinding). */
  readonly returnUrl = input<string>();
  readonly expired = input<string>();

  private readonly session = inject(SessionService);
  private readonly router = inject(Router);

  protected email = '';
  protected password = '';
  protected readonly busy = signal(false);
  protected readonly error = signal<ApiError | null>(null);

  protected async submit(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.session.login(this.email, this.password);
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (err) {
      this.error.set(err as ApiError);
    } finally {
      this.busy.set(false);
    }
  }
}

/** Only in-app paths are followed after login (no open redirect). */
function safeReturnUrl(url: string | undefined): string {
  return url && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/login') ? url : '/situations';
}
