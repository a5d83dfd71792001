import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import type { SituationChangedEvent, SituationSummary } from '@hro/domain';
import { catchError, EMPTY, merge, Subject, switchMap, tap } from 'rxjs';
import { ApiClient } from '../../core/api-client.service';
import type { ApiError } from '../../core/api-error';
import { RealtimeService } from '../../core/realtime.service';
import { VersionedStore } from '../../core/versioned-store';
import { DEFAULT_FILTER, matchesFilter, type QueueFilter, sortQueue, toServerQuery } from './queue-filter';

/**
 * The live queue's state: a refetch on start, on every (re)connect and on filter change,
 * plus socket events applied in version order (stale ones dropped).
 */
@Injectable()
export class QueueStore {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeService);
  private readonly store = new VersionedStore<SituationSummary>();
  private readonly revision = signal(0);
  private readonly refetch$ = new Subject<void>();
  /** Ids the server returned for the current query (it knows more than a summary shows). */
  private serverMatched = new Set<string>();

  readonly filter = signal<QueueFilter>(DEFAULT_FILTER);
  readonly loading = signal(true);
  readonly error = signal<ApiError | null>(null);
  /**
   * The last load, when the server matched more than one page holds. Its total is a snapshot:
   * live events add and remove rows without telling how many the server would match now.
   */
  readonly truncated = signal<{ total: number; limit: number } | null>(null);
  /** Ids changed by a live event recently, for a brief highlight. */
  readonly flashed = signal<ReadonlySet<string>>(new Set());

  private readonly all = computed(() => {
    this.revision();
    return this.store.values();
  });
  readonly items = computed(() => {
    const f = this.filter();
    return sortQueue(
      this.all().filter((s) => matchesFilter(s, f, this.serverMatched.has(s.id))),
      f.sort,
    );
  });
  /**
   * The header's count. Without truncation every match was loaded and live events keep the rows
   * in step, so the row count stands alone; with it, the server's total is quoted as of that load.
   */
  readonly countText = computed(() => {
    const shown = `${this.items().length} shown`;
    const t = this.truncated();
    return t
      ? `${shown} · the last load matched ${t.total}, more than one page of ${t.limit} — narrow the filters to see the rest`
      : shown;
  });
  /** Distinct services and environments seen, for the filter menus. */
  readonly services = computed(() => distinct(this.all().map((s) => s.service)));
  readonly environments = computed(() => distinct(this.all().map((s) => s.environment)));

  constructor() {
    const fetches$ = this.refetch$.pipe(
      tap(() => {
        this.loading.set(true);
        this.store.beginRefetch();
      }),
      switchMap(() =>
        this.api.listSituations(toServerQuery(this.filter())).pipe(
          tap((page) => {
            this.store.reset(page.items);
            this.serverMatched = new Set(page.items.map((s) => s.id));
            this.truncated.set(page.total > page.items.length ? { total: page.total, limit: page.limit } : null);
            this.error.set(null);
          }),
          catchError((err: ApiError) => {
            this.error.set(err);
            return EMPTY;
          }),
          tap({ finalize: () => this.loading.set(false) }),
        ),
      ),
    );
    const sub = merge(
      fetches$,
      this.realtime.connected$.pipe(tap(() => this.refetch())),
      this.realtime.situationChanged$.pipe(tap((e) => this.onEvent(e))),
    ).subscribe(() => this.revision.update((n) => n + 1));
    inject(DestroyRef).onDestroy(() => sub.unsubscribe());
    this.refetch();
  }

  /** Re-reads the list from the server. */
  refetch(): void {
    this.refetch$.next();
  }

  /** Changes the filter; server-side parts need a refetch. */
  setFilter(patch: Partial<QueueFilter>): void {
    const before = toServerQuery(this.filter());
    this.filter.update((f) => ({ ...f, ...patch }));
    if (JSON.stringify(before) !== JSON.stringify(toServerQuery(this.filter()))) this.refetch();
  }

  /** Applies a live event unless it is older than what is held. */
  onEvent(e: SituationChangedEvent): boolean {
    const applied = this.store.apply({ ...e.situation, version: e.version });
    if (applied) {
      this.flash(e.situation.id);
      this.revision.update((n) => n + 1);
    }
    return applied;
  }

  private flash(id: string): void {
    this.flashed.update((s) => new Set(s).add(id));
    setTimeout(() => {
      this.flashed.update((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      });
    }, 2000);
  }
}

function distinct(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))].sort();
}
