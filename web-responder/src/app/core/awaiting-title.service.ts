import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import type { SituationSummary } from '@hro/domain';
import { type Subscription, switchMap, catchError, EMPTY, merge, tap } from 'rxjs';
import { ApiClient } from './api-client.service';
import { RealtimeService } from './realtime.service';
import { VersionedStore } from './versioned-store';

const APP_TITLE = 'HRO Command Center';

/** Keeps "(n awaiting)" in the document title, across all pages, live. */
@Injectable({ providedIn: 'root' })
export class AwaitingTitleService {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeService);
  private readonly title = inject(Title);
  private readonly store = new VersionedStore<SituationSummary>();
  private readonly countState = signal(0);
  private sub: Subscription | null = null;

  readonly count = this.countState.asReadonly();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  /** Starts tracking once signed in; idempotent. */
  start(): void {
    if (this.sub) return;
    const refetch$ = this.realtime.connected$.pipe(
      tap(() => this.store.beginRefetch()),
      switchMap(() =>
        this.api.listSituations({ state: 'awaiting_approval', limit: 500 }).pipe(catchError(() => EMPTY)),
      ),
      tap((page) => this.store.reset(page.items)),
    );
    const events$ = this.realtime.situationChanged$.pipe(
      tap((e) => this.store.apply({ ...e.situation, version: e.version })),
    );
    this.sub = merge(refetch$, events$).subscribe(() => this.render());
  }

  /** Stops on logout and restores the plain title. */
  stop(): void {
    this.sub?.unsubscribe();
    this.sub = null;
    this.countState.set(0);
    this.title.setTitle(APP_TITLE);
  }

  private render(): void {
    const n = this.store.values().filter((s) => s.state === 'awaiting_approval').length;
    this.countState.set(n);
    this.title.setTitle(n > 0 ? `(${n}) awaiting approval · ${APP_TITLE}` : APP_TITLE);
  }
}
