import type {
  AnalyticsOptions,
  CompressionResponse,
  FunnelResponse,
  HeatmapResponse,
  LiveResponse,
  SourcesResponse,
} from '@hro/domain';
import { FROM, IDS, TO, hm } from './analytics-seed';
import { q, startAnalytics, type AnalyticsHarness } from './analytics-server';

// Expected values are worked out by hand from the dataset documented in analytics-seed.ts.
// "now" is T0+01:05:30 here, so the live window (the last 60 minutes) covers A1's first
// three deliveries and A2's first one, and not A1's resolve at 01:10.
const NOW = new Date(hm('01:05').getTime() + 30_000);
let h: AnalyticsHarness;
beforeAll(async () => {
  h = await startAnalytics(NOW);
});
afterAll(async () => {
  await h.close();
});

const range = { from: FROM, to: TO };
const EMPTY = { from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z' };

describe('GET /analytics/sources', () => {
  it('ranks services, alert names and integrations by deliveries', async () => {
    const { status, body } = await h.get<SourcesResponse>(`sources?${q(range)}`);
    expect(status).toBe(200);
    expect(body.services).toEqual([
      { key: 'checkout', deliveries: 7, uniqueAlerts: 2, situations: 1 },
      { key: 'db', deliveries: 4, uniqueAlerts: 2, situations: 2 },
      { key: 'search', deliveries: 1, uniqueAlerts: 1, situations: 1 },
    ]);
    expect(body.alertNames).toEqual([
      { key: 'HighErrorRate', deliveries: 5, uniqueAlerts: 1, situations: 1 },
      { key: 'DiskFull', deliveries: 4, uniqueAlerts: 2, situations: 2 },
      { key: 'HighLatency', deliveries: 3, uniqueAlerts: 2, situations: 2 },
    ]);
    // A5 came without an integration: it is keyed by its source.
    expect(body.integrations).toEqual([
      { key: 'am-prod', deliveries: 7, uniqueAlerts: 2, situations: 1 },
      { key: 'grafana', deliveries: 4, uniqueAlerts: 2, situations: 2 },
      { key: 'generic', deliveries: 1, uniqueAlerts: 1, situations: 1 },
    ]);
    // A6 also flapped, but before the range.
    expect(body.flapping).toEqual([
      {
        alertId: IDS.a(1),
        name: 'HighErrorRate',
        service: 'checkout',
        flapsInRange: 1,
        flapCount: 1,
        situationId: 'sit-1',
      },
    ]);
  });

  it('filters and handles an empty range', async () => {
    const staging = await h.get<SourcesResponse>(`sources?${q({ ...range, environment: 'staging' })}`);
    expect(staging.body.services).toEqual([{ key: 'db', deliveries: 3, uniqueAlerts: 1, situations: 1 }]);
    expect(staging.body.flapping).toEqual([]);
    const empty = await h.get<SourcesResponse>(`sources?${q(EMPTY)}`);
    expect(empty.body).toMatchObject({ services: [], alertNames: [], integrations: [], flapping: [] });
  });
});

describe('GET /analytics/heatmap', () => {
  it('counts deliveries per service and UTC hour of day', async () => {
    const { body } = await h.get<HeatmapResponse>(`heatmap?${q(range)}`);
    expect(body.services).toEqual(['checkout', 'db', 'search']);
    expect(body.cells).toHaveLength(3 * 24);
    const nonZero = body.cells.filter((c) => c.deliveries > 0);
    // checkout: 01:00 01:01 01:02 01:05 01:10 01:20 in hour 1, A2's duplicate at 02:05.
    // db: 03:00 03:30 03:31 in hour 3, A4's resolve at 05:00. search: 10:00.
    expect(nonZero).toEqual([
      { service: 'checkout', hour: 1, deliveries: 6 },
      { service: 'checkout', hour: 2, deliveries: 1 },
      { service: 'db', hour: 3, deliveries: 3 },
      { service: 'db', hour: 5, deliveries: 1 },
      { service: 'search', hour: 10, deliveries: 1 },
    ]);
  });

  it('filters and handles an empty range', async () => {
    const prodDb = await h.get<HeatmapResponse>(`heatmap?${q({ ...range, environment: 'prod', service: 'db' })}`);
    expect(prodDb.body.services).toEqual(['db']);
    expect(prodDb.body.cells.filter((c) => c.deliveries > 0)).toEqual([{ service: 'db', hour: 3, deliveries: 1 }]);
    const empty = await h.get<HeatmapResponse>(`heatmap?${q(EMPTY)}`);
    expect(empty.body).toMatchObject({ services: [], cells: [] });
  });
});

describe('GET /analytics/funnel', () => {
  it('counts the situations that reached each state', async () => {
    const { body } = await h.get<FunnelResponse>(`funnel?${q(range)}`);
    expect(body.total).toBe(7);
    expect(Object.fromEntries(body.stages.map((s) => [s.state, s.situations]))).toEqual({
      collecting: 7,
      recommending: 6, // all but S6
      awaiting_approval: 6,
      executing: 3, // S1 S2 S7
      verifying: 2, // S1 S7
      resolved: 1,
      auto_resolved: 1,
      not_fixed: 1,
      rolled_back: 1,
      rejected: 1,
      expired: 1,
    });
  });

  it('filters and handles an empty range', async () => {
    const search = await h.get<FunnelResponse>(`funnel?${q({ ...range, service: 'search' })}`);
    // S4 (open, awaiting) and S7 (not_fixed).
    expect(search.body.total).toBe(2);
    expect(search.body.stages.find((s) => s.state === 'awaiting_approval')?.situations).toBe(2);
    expect(search.body.stages.find((s) => s.state === 'executing')?.situations).toBe(1);
    const empty = await h.get<FunnelResponse>(`funnel?${q(EMPTY)}`);
    expect(empty.body.total).toBe(0);
    expect(empty.body.stages).toHaveLength(11);
    expect(empty.body.stages.every((s) => s.situations === 0)).toBe(true);
  });
});

describe('GET /analytics/compression', () => {
  it('buckets deliveries, unique alerts and situations per hour', async () => {
    const { body } = await h.get<CompressionResponse>(`compression?${q(range)}`);
    expect(body.buckets).toHaveLength(24);
    const busy = body.buckets.filter((b) => b.deliveries > 0 || b.situations > 0);
    expect(busy).toEqual([
      { at: hm('01:00').toISOString(), deliveries: 6, uniqueAlerts: 2, situations: 1, compressionRatio: 2 },
      { at: hm('02:00').toISOString(), deliveries: 1, uniqueAlerts: 1, situations: 0, compressionRatio: null },
      { at: hm('03:00').toISOString(), deliveries: 3, uniqueAlerts: 2, situations: 2, compressionRatio: 1 },
      { at: hm('05:00').toISOString(), deliveries: 1, uniqueAlerts: 1, situations: 0, compressionRatio: null },
      { at: hm('10:00').toISOString(), deliveries: 1, uniqueAlerts: 1, situations: 1, compressionRatio: 1 },
      { at: hm('12:00').toISOString(), deliveries: 0, uniqueAlerts: 0, situations: 1, compressionRatio: 0 },
      { at: hm('14:00').toISOString(), deliveries: 0, uniqueAlerts: 0, situations: 1, compressionRatio: 0 },
      { at: hm('16:00').toISOString(), deliveries: 0, uniqueAlerts: 0, situations: 1, compressionRatio: 0 },
    ]);
  });

  it('follows the requested bucket and the filters; an empty range gives zero buckets', async () => {
    const day = await h.get<CompressionResponse>(`compression?${q({ ...range, bucket: 'day' })}`);
    expect(day.body.buckets).toHaveLength(1);
    expect(day.body.buckets[0]).toMatchObject({ at: FROM, deliveries: 12, uniqueAlerts: 5, situations: 7 });
    expect(day.body.buckets[0]!.compressionRatio).toBeCloseTo(5 / 7, 10);
    // An unaligned start still yields calendar-aligned buckets, and only counts from `from` on.
    const late = await h.get<CompressionResponse>(
      `compression?${q({ from: hm('01:03').toISOString(), to: hm('03:00').toISOString(), service: 'checkout', bucket: 'hour' })}`,
    );
    expect(late.body.buckets).toEqual([
      // 01:05 fired, 01:10 resolved, 01:20 refired (A1's first three are before 01:03).
      { at: hm('01:00').toISOString(), deliveries: 3, uniqueAlerts: 2, situations: 0, compressionRatio: null },
      { at: hm('02:00').toISOString(), deliveries: 1, uniqueAlerts: 1, situations: 0, compressionRatio: null },
    ]);
    const empty = await h.get<CompressionResponse>(`compression?${q({ ...EMPTY, bucket: 'day' })}`);
    expect(empty.body.buckets).toEqual([
      { at: '2025-01-01T00:00:00.000Z', deliveries: 0, uniqueAlerts: 0, situations: 0, compressionRatio: null },
    ]);
  });
});

describe('GET /analytics/live', () => {
  it('counts deliveries per minute over the last hour', async () => {
    const { body } = await h.get<LiveResponse>('live');
    expect(body.asOf).toBe(NOW.toISOString());
    expect(body.minutes).toHaveLength(60);
    expect(body.minutes[0]!.at).toBe(hm('00:06').toISOString());
    expect(body.minutes[59]!.at).toBe(hm('01:05').toISOString());
    expect(body.minutes.filter((m) => m.deliveries > 0)).toEqual([
      { at: hm('01:00').toISOString(), deliveries: 1 },
      { at: hm('01:01').toISOString(), deliveries: 1 },
      { at: hm('01:02').toISOString(), deliveries: 1 },
      { at: hm('01:05').toISOString(), deliveries: 1 },
    ]);
    expect(body.lastHour).toBe(4);
    expect(body.lastFiveMinutes).toBe(3); // 01:01, 01:02, 01:05
    expect(body.openSituations).toBe(1); // S4
  });

  it('filters by service', async () => {
    const db = await h.get<LiveResponse>(`live?${q({ service: 'db' })}`);
    expect(db.body).toMatchObject({ lastHour: 0, lastFiveMinutes: 0, openSituations: 0, service: 'db' });
    expect(db.body.minutes).toHaveLength(60);
    const search = await h.get<LiveResponse>(`live?${q({ service: 'search' })}`);
    expect(search.body).toMatchObject({ lastHour: 0, openSituations: 1 });
  });
});

describe('GET /analytics/options', () => {
  it('lists the environments and services for the filter pickers', async () => {
    const { body } = await h.get<AnalyticsOptions>('options');
    expect(body).toEqual({ environments: ['prod', 'staging'], services: ['checkout', 'db', 'search'] });
  });
});
