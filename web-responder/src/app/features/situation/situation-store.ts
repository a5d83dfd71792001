import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import type { ExecutionChangedEvent, ExecutionStepView, SituationDetail } from '@hro/domain';
import { catchError, debounceTime, EMPTY, filter, merge, Subject, switchMap, tap } from 'rxjs';
import { ApiClient } from '../../core/api-client.service';
import type { ApiError } from '../../core/api-error';
import { RealtimeService } from '../../core/realtime.service';

/**
 * One situation, kept live: events for it patch what they carry at once and trigger a
 * debounced refetch of the full detail; events older than the held version are ignored.
 */
@Injectable()
export class SituationStore {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeService);
  private readonly refetch$ = new Subject<void>();
  private id: string | null = null;

  readonly detail = signal<SituationDetail | null>(null);
  readonly error = signal<ApiError | null>(null);
  readonly loading = signal(false);

  constructor() {
    const mine = <T extends { situationId: string }>(e: T): boolean => e.situationId === this.id;
    const sub = merge(
      this.refetch$.pipe(
        debounceTime(150),
        switchMap(() => this.fetch()),
      ),
      this.realtime.connected$.pipe(tap(() => this.refetch())),
      this.realtime.situationChanged$.pipe(
        filter((e) => e.situation.id === this.id),
        tap((e) => {
          const held = this.detail();
          if (held && e.version <= held.version) return; // stale or duplicate
          if (held) this.detail.set({ ...held, ...e.situation, version: e.version });
          this.refetch();
        }),
      ),
      this.realtime.executionChanged$.pipe(
        filter(mine),
        tap((e) => this.onStep(e)),
      ),
      this.realtime.alertChanged$.pipe(
        filter((e) => e.situationId === this.id),
        tap(() => this.refetch()),
      ),
    ).subscribe();
    inject(DestroyRef).onDestroy(() => sub.unsubscribe());
  }

  /** Switches to another situation and loads it immediately. */
  load(id: string): void {
    if (this.id !== id) this.detail.set(null);
    this.id = id;
    this.loading.set(true);
    this.fetch().subscribe();
  }

  /** Schedules a refetch (debounced, so bursts of events cost one request). */
  refetch(): void {
    this.refetch$.next();
  }

  private fetch() {
    const id = this.id;
    if (!id) return EMPTY;
    return this.api.getSituation(id).pipe(
      tap((fresh) => {
        const held = this.detail();
        // A response can be overtaken by events; never step back to an older version.
        if (!held || held.id !== fresh.id || fresh.version >= held.version) this.detail.set(fresh);
        this.error.set(null);
        this.loading.set(false);
      }),
      catchError((err: ApiError) => {
        this.error.set(err);
        this.loading.set(false);
        return EMPTY;
      }),
    );
  }

  private onStep(e: ExecutionChangedEvent): void {
    const held = this.detail();
    if (!held || e.version < held.version) return;
    this.detail.set({ ...held, steps: upsertStep(held.steps, e.step) });
    this.refetch();
  }
}

/** Replaces the step with the same phase and index, or appends it in order. */
export function upsertStep(steps: readonly ExecutionStepView[], step: ExecutionStepView): ExecutionStepView[] {
  const others = steps.filter((s) => !(s.phase === step.phase && s.index === step.index));
  const order = { apply: 0, compensate: 1, verify: 2 };
  return [...others, step].sort((a, b) => order[a.phase] - order[b.phase] || a.index - b.index);
}
