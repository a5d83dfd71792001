import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Page, SituationSummary } from '@hro/domain';
import { summary } from '../../../testing/fixtures';
import { problemInterceptor } from '../../core/interceptors';
import { RealtimeService } from '../../core/realtime.service';
import { QueueStore } from './queue-store';

function page(items: SituationSummary[]): Page<SituationSummary> {
  return { items, total: items.length, limit: 200, offset: 0 };
}

describe('QueueStore live event handling', () => {
  let store: QueueStore;
  let http: HttpTestingController;
  let realtime: RealtimeService;

  /** Answers the pending list request. */
  function flushList(items: SituationSummary[]): void {
    http.expectOne((r) => r.url === '/api/v1/situations').flush(page(items));
  }

  const event = (s: SituationSummary) => realtime.situationChanged$.next({ situation: s, version: s.version });
  const titles = () => store.items().map((s) => `${s.id}:${s.title}`);

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([problemInterceptor])), provideHttpClientTesting(), QueueStore],
    });
    http = TestBed.inject(HttpTestingController);
    realtime = TestBed.inject(RealtimeService);
    store = TestBed.inject(QueueStore);
  });

  afterEach(() => http.verify());

  it('asks the server for active situations by default', () => {
    const req = http.expectOne((r) => r.url === '/api/v1/situations');
    expect(req.request.params.get('closed')).toBe('false');
    expect(req.request.params.has('state')).toBe(false);
    req.flush(page([]));
  });

  it('loads the queue, then applies a newer event in place', () => {
    flushList([summary({ id: 'a', version: 2, title: 'v2' })]);
    expect(titles()).toEqual(['a:v2']);
    event(summary({ id: 'a', version: 3, title: 'v3', state: 'executing' }));
    expect(titles()).toEqual(['a:v3']);
    expect(store.items()[0]?.state).toBe('executing');
  });

  it('drops events older than or equal to the held version', () => {
    flushList([summary({ id: 'a', version: 5, title: 'v5' })]);
    expect(store.onEvent({ situation: summary({ id: 'a', version: 4, title: 'v4' }), version: 4 })).toBe(false);
    expect(store.onEvent({ situation: summary({ id: 'a', version: 5, title: 'dup' }), version: 5 })).toBe(false);
    expect(titles()).toEqual(['a:v5']);
  });

  it('applies out-of-order events by version, never stepping back', () => {
    flushList([]);
    event(summary({ id: 'a', version: 7, title: 'v7' }));
    event(summary({ id: 'a', version: 6, title: 'v6' }));
    event(summary({ id: 'a', version: 8, title: 'v8' }));
    event(summary({ id: 'a', version: 7, title: 'v7 again' }));
    expect(titles()).toEqual(['a:v8']);
  });

  it('shows a new situation as soon as its event arrives', () => {
    flushList([summary({ id: 'a', version: 1 })]);
    event(summary({ id: 'b', version: 1, title: 'new one', severity: 'info', state: 'collecting' }));
    expect(store.items().map((s) => s.id)).toContain('b');
  });

  it('refetches after a reconnect, because events sent while offline are lost', () => {
    flushList([summary({ id: 'a', version: 1, title: 'before' })]);
    realtime.connected$.next();
    flushList([summary({ id: 'a', version: 4, title: 'after' }), summary({ id: 'c', version: 2, title: 'missed' })]);
    expect(titles().sort()).toEqual(['a:after', 'c:missed']);
  });

  it('keeps an event that overtook the refetch response, and situations created meanwhile', () => {
    flushList([]);
    realtime.connected$.next(); // refetch in flight
    event(summary({ id: 'a', version: 9, title: 'from event' }));
    event(summary({ id: 'n', version: 1, title: 'created during fetch' }));
    flushList([summary({ id: 'a', version: 8, title: 'stale response' })]);
    expect(titles().sort()).toEqual(['a:from event', 'n:created during fetch']);
  });

  it('does not let a late, stale event put a finished situation back in the active view', () => {
    flushList([summary({ id: 'a', version: 10, state: 'resolved', closed: true })]);
    event(summary({ id: 'a', version: 9, state: 'awaiting_approval' }));
    expect(store.items()).toEqual([]);
    store.setFilter({ state: 'all' });
    const req = http.expectOne((r) => r.url === '/api/v1/situations');
    expect(req.request.params.has('state')).toBe(false);
    event(summary({ id: 'a', version: 8, state: 'executing' })); // stale, while refetching
    req.flush(page([summary({ id: 'a', version: 10, state: 'resolved', closed: true })]));
    expect(store.items().map((s) => s.state)).toEqual(['resolved']);
  });

  it('moves a situation out of the active view when an event finishes it', () => {
    flushList([summary({ id: 'a', version: 1 }), summary({ id: 'b', version: 1 })]);
    event(summary({ id: 'a', version: 2, state: 'resolved', closed: true }));
    expect(store.items().map((s) => s.id)).toEqual(['b']);
  });

  it('keeps a rejected situation in the active view until it is closed', () => {
    flushList([summary({ id: 'a', version: 1 })]);
    event(summary({ id: 'a', version: 2, state: 'rejected' }));
    expect(store.items().map((s) => [s.id, s.state])).toEqual([['a', 'rejected']]);
    event(summary({ id: 'a', version: 3, state: 'rejected', closed: true }));
    expect(store.items()).toEqual([]);
  });

  it('filters and sorts live: awaiting decisions first, then severity', () => {
    flushList([
      summary({ id: 'w', version: 1, state: 'executing', severity: 'critical' }),
      summary({ id: 'x', version: 1, state: 'awaiting_approval', severity: 'warning' }),
      summary({ id: 'y', version: 1, state: 'awaiting_approval', severity: 'critical', service: 'db' }),
    ]);
    expect(store.items().map((s) => s.id)).toEqual(['y', 'x', 'w']);
    store.setFilter({ q: 'db' });
    flushList([summary({ id: 'y', version: 1, state: 'awaiting_approval', severity: 'critical', service: 'db' })]);
    expect(store.items().map((s) => s.id)).toEqual(['y']);
    event(summary({ id: 'z', version: 1, service: 'checkout' }));
    expect(store.items().map((s) => s.id)).toEqual(['y']);
  });

  describe('the header count', () => {
    it('follows live removals and inserts when the last load held every match', () => {
      flushList([summary({ id: 'a', version: 1 }), summary({ id: 'b', version: 1 }), summary({ id: 'c', version: 1 })]);
      expect(store.countText()).toBe('3 shown');
      event(summary({ id: 'a', version: 2, state: 'resolved', closed: true }));
      expect(store.countText()).toBe('2 shown');
      event(summary({ id: 'n', version: 1, state: 'collecting' }));
      expect(store.countText()).toBe('3 shown');
      expect(store.truncated()).toBeNull();
    });

    it('never asks to narrow the filters because of a total made stale by live updates', () => {
      // 46 matched and all 46 arrived; one then resolves: not "45 of 46 — narrow the filters".
      const items = Array.from({ length: 46 }, (_, i) => summary({ id: `s${i}`, version: 1 }));
      flushList(items);
      event(summary({ id: 's0', version: 2, state: 'resolved', closed: true }));
      expect(store.countText()).toBe('45 shown');
    });

    it('says when the last load was cut off by the page limit, as of that load', () => {
      const items = Array.from({ length: 3 }, (_, i) => summary({ id: `s${i}`, version: 1 }));
      http
        .expectOne((r) => r.url === '/api/v1/situations')
        .flush({ items, total: 250, limit: 3, offset: 0 } satisfies Page<SituationSummary>);
      expect(store.truncated()).toEqual({ total: 250, limit: 3 });
      event(summary({ id: 's1', version: 2, state: 'resolved', closed: true }));
      expect(store.countText()).toBe(
        '2 shown · the last load matched 250, more than one page of 3 — narrow the filters to see the rest',
      );
      // A narrower filter that fits in one page drops the note.
      store.setFilter({ severity: 'critical' });
      flushList([summary({ id: 's2', version: 1 })]);
      expect(store.truncated()).toBeNull();
      expect(store.countText()).toBe('1 shown');
    });
  });

  it('shows an API error instead of an empty page, and recovers on retry', () => {
    http
      .expectOne((r) => r.url === '/api/v1/situations')
      .flush(
        { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'database unreachable' },
        { status: 503, statusText: 'Service Unavailable' },
      );
    expect(store.error()?.userMessage).toBe('Service Unavailable: database unreachable');
    store.refetch();
    flushList([summary({ id: 'a', version: 1 })]);
    expect(store.error()).toBeNull();
    expect(store.items()).toHaveLength(1);
  });
});
