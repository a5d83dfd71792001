import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import type { SituationSummary } from '@hro/domain';
import { catchError, EMPTY, merge, type Subscription, startWith, switchMap, tap } from 'rxjs';
import { ApiClient } from './api-client.service';
import { RealtimeService } from './realtime.service';
import { VersionedStore } from './versioned-store';

/** Counts situations awaiting approval, across all pages, live (shown in the title and header). */
@Injectable({ providedIn: 'root' })
export class AwaitingTitleService {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeService);
  private readonly store = new VersionedStore<SituationSummary>();
  private readonly countState = signal(0);
  private sub: Subscription | null = null;

  readonly count = this.countState.asReadonly();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  /** Starts tracking once signed in (fetch now and after every reconnect); idempotent. */
  start(): void {
    if (this.sub) return;
    const refetch$ = this.realtime.connected$.pipe(
      startWith(undefined),
      tap(() => this.store.beginRefetch()),
      switchMap(() =>
        this.api.listSituations({ state: 'awaiting_approval', limit: 200 }).pipe(catchError(() => EMPTY)),
      ),
      tap((page) => this.store.reset(page.items)),
    );
    const events$ = this.realtime.situationChanged$.pipe(
      tap((e) => this.store.apply({ ...e.situation, version: e.version })),
    );
    this.sub = merge(refetch$, events$).subscribe(() =>
      this.countState.set(this.store.values().filter((s) => s.state === 'awaiting_approval').length),
    );
  }

  /** Stops on logout. */
  stop(): void {
    this.sub?.unsubscribe();
    this.sub = null;
    this.countState.set(0);
  }
}
