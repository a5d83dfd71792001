import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject } from '@angular/core';
import { NavigationEnd, Router, RouterLink, RouterOutlet } from '@angular/router';
import { filter, skip } from 'rxjs';
import { AwaitingTitleService } from './core/awaiting-title.service';
import { RealtimeService } from './core/realtime.service';
import { SessionService } from './core/session.service';

/** Shell: header with identity, live status and the awaiting count; pages below. */
@Component({
  selector: 'hro-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink],
  template: `
    <a class="skip-link" href="#main">Skip to content</a>
    <header class="app-bar">
      <a routerLink="/situations" class="brand">HRO <span>Command Center</span></a>
      @if (session.user(); as user) {
        <nav aria-label="Main">
          <a routerLink="/situations">Queue</a>
          @if (awaiting.count() > 0) {
            <span class="badge awaiting-count" aria-live="polite">{{ awaiting.count() }} awaiting approval</span>
          }
        </nav>
        <span class="conn conn-{{ realtime.state() }}" role="status">{{ connLabel() }}</span>
        <span class="who">
          <bdi>{{ user.name || user.email }}</bdi> <span class="badge role">{{ user.role }}</span>
        </span>
        <button type="button" class="secondary" (click)="logout()">Sign out</button>
      }
    </header>
    <main id="main" tabindex="-1">
      <router-outlet />
    </main>
  `,
})
export class AppComponent {
  protected readonly session = inject(SessionService);
  protected readonly realtime = inject(RealtimeService);
  protected readonly awaiting = inject(AwaitingTitleService);
  private readonly router = inject(Router);

  constructor() {
    // After in-app navigation, keyboard and screen-reader focus starts at the new content.
    const nav = this.router.events
      .pipe(
        filter((e) => e instanceof NavigationEnd),
        skip(1),
      )
      .subscribe(() => document.getElementById('main')?.focus({ preventScroll: false }));
    inject(DestroyRef).onDestroy(() => nav.unsubscribe());
    // The socket and the title counter live exactly as long as the session.
    effect(() => {
      if (this.session.user()) {
        this.realtime.connect();
        this.awaiting.start();
      } else {
        this.awaiting.stop();
        this.realtime.disconnect();
      }
    });
  }

  protected connLabel(): string {
    const labels = { offline: 'offline', connecting: 'connecting…', live: '● live', reconnecting: 'reconnecting…' };
    return labels[this.realtime.state()];
  }

  protected async logout(): Promise<void> {
    await this.session.logout();
    await this.router.navigate(['/login']);
  }
}
