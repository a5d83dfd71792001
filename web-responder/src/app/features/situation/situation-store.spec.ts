import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ExecutionStepView } from '@hro/domain';
import { candidate, detail, scaleOut, summary } from '../../../testing/fixtures';
import { problemInterceptor } from '../../core/interceptors';
import { RealtimeService } from '../../core/realtime.service';
import { SituationStore } from './situation-store';

const URL = '/api/v1/situations/sit-000000000001';

function step(over: Partial<ExecutionStepView>): ExecutionStepView {
  return {
    index: 0,
    name: 'scale',
    phase: 'apply',
    status: 'running',
    attempts: 1,
    output: null,
    error: null,
    startedAt: '2026-12-03T19:10:00.000Z',
    finishedAt: null,
    ...over,
  };
}

describe('SituationStore live detail', () => {
  let store: SituationStore;
  let http: HttpTestingController;
  let realtime: RealtimeService;

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        SituationStore,
      ],
    });
    http = TestBed.inject(HttpTestingController);
    realtime = TestBed.inject(RealtimeService);
    store = TestBed.inject(SituationStore);
    store.load('sit-000000000001');
    http.expectOne(URL).flush(detail([candidate(scaleOut, 0.8)], [], { version: 5, state: 'executing' }));
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  it('shows a step the moment its event arrives, then refetches once for a burst', () => {
    realtime.executionChanged$.next({ situationId: 'sit-000000000001', version: 5, step: step({}) });
    realtime.executionChanged$.next({
      situationId: 'sit-000000000001',
      version: 6,
      step: step({ status: 'succeeded', attempts: 2 }),
    });
    expect(store.detail()?.steps).toEqual([step({ status: 'succeeded', attempts: 2 })]);
    jest.advanceTimersByTime(200);
    http
      .expectOne(URL)
      .flush(detail([], [], { version: 6, state: 'verifying', steps: [step({ status: 'succeeded' })] }));
    expect(store.detail()?.state).toBe('verifying');
  });

  it('ignores situation and step events older than the held version', () => {
    realtime.situationChanged$.next({ situation: summary({ version: 4, state: 'awaiting_approval' }), version: 4 });
    realtime.executionChanged$.next({ situationId: 'sit-000000000001', version: 3, step: step({}) });
    jest.advanceTimersByTime(200);
    expect(store.detail()?.state).toBe('executing');
    expect(store.detail()?.steps).toEqual([]);
  });

  it('ignores events for other situations', () => {
    realtime.executionChanged$.next({ situationId: 'sit-other', version: 9, step: step({}) });
    jest.advanceTimersByTime(200);
    expect(store.detail()?.steps).toEqual([]);
  });

  it('never steps back to an older response, and refetches after a reconnect', () => {
    realtime.situationChanged$.next({ situation: summary({ version: 7, state: 'verifying' }), version: 7 });
    expect(store.detail()?.state).toBe('verifying');
    jest.advanceTimersByTime(200);
    http.expectOne(URL).flush(detail([], [], { version: 6, state: 'executing' })); // overtaken
    expect(store.detail()?.state).toBe('verifying');
    realtime.connected$.next();
    jest.advanceTimersByTime(200);
    http.expectOne(URL).flush(detail([], [], { version: 9, state: 'resolved' }));
    expect(store.detail()?.state).toBe('resolved');
  });
});
