import type { SafetyResponse, SpeedResponse, VolumeResponse } from '@hro/domain';
import { FROM, IDS, TO, at, hm } from './analytics-seed';
import { q, startAnalytics, type AnalyticsHarness } from './analytics-server';

// Expected values are worked out by hand from the dataset documented in analytics-seed.ts.
// "now" is 30h after T0, so the range [T0, T0+24h) is fully in the past.
let h: AnalyticsHarness;
beforeAll(async () => {
  h = await startAnalytics(at(30 * 60));
});
afterAll(async () => {
  await h.close();
});

const range = { from: FROM, to: TO };
const EMPTY = { from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z' };

describe('GET /analytics/volume', () => {
  it('counts deliveries, unique alerts, situations and the ratios between them', async () => {
    const { status, body } = await h.get<VolumeResponse>(`volume?${q(range)}`);
    expect(status).toBe(200);
    // A1 5 + A2 2 + A3 1 + A4 3 + A5 1 = 12 deliveries (A6's are all outside [from, to)).
    expect(body.alertsReceived).toBe(12);
    expect(body.uniqueAlerts).toBe(5);
    expect(body.duplicates).toBe(4); // A1 ×2, A2, A4
    expect(body.situations).toBe(7); // S1..S7 (S0 is older)
    expect(body.autoResolved).toBe(1); // S6
    expect(body.dedupRatio).toBeCloseTo(1 - 5 / 12, 10);
    expect(body.compressionRatio).toBeCloseTo(5 / 7, 10);
    expect(body.noiseReduction).toBeCloseTo(1 - 7 / 12, 10);
    expect(body.autoResolvedShare).toBeCloseTo(1 / 7, 10);
    expect(body.range).toEqual({
      from: FROM,
      to: TO,
      environment: null,
      service: null,
      bucket: 'hour',
    });
  });

  it('filters by environment', async () => {
    const { body } = await h.get<VolumeResponse>(`volume?${q({ ...range, environment: 'prod' })}`);
    // prod: A1 5 + A2 2 + A3 1 + A5 1; situations S1 S2 S4 S5 S7.
    expect(body).toMatchObject({ alertsReceived: 9, uniqueAlerts: 4, duplicates: 3, situations: 5, autoResolved: 0 });
    expect(body.autoResolvedShare).toBe(0);
    expect(body.compressionRatio).toBeCloseTo(4 / 5, 10);
  });

  it('filters by service, and by both', async () => {
    const db = await h.get<VolumeResponse>(`volume?${q({ ...range, service: 'db' })}`);
    // db: A3 1 + A4 3; situations S2 S3.
    expect(db.body).toMatchObject({ alertsReceived: 4, uniqueAlerts: 2, duplicates: 1, situations: 2 });
    expect(db.body.dedupRatio).toBeCloseTo(0.5, 10);
    const both = await h.get<VolumeResponse>(`volume?${q({ ...range, service: 'db', environment: 'prod' })}`);
    expect(both.body).toMatchObject({ alertsReceived: 1, uniqueAlerts: 1, duplicates: 0, situations: 1 });
    expect(both.body.dedupRatio).toBe(0);
    expect(both.body.compressionRatio).toBe(1);
  });

  it('treats the range as half-open and answers zeros and nulls for an empty one', async () => {
    // [T0-1h, T0): only A6's fired at T0-1h and refired at T0-30m; S0 was created at T0-2h.
    const before = await h.get<VolumeResponse>(`volume?${q({ from: at(-60).toISOString(), to: FROM })}`);
    expect(before.body).toMatchObject({ alertsReceived: 2, uniqueAlerts: 1, situations: 0, compressionRatio: null });
    const { body } = await h.get<VolumeResponse>(`volume?${q(EMPTY)}`);
    expect(body).toMatchObject({
      alertsReceived: 0,
      uniqueAlerts: 0,
      duplicates: 0,
      situations: 0,
      autoResolved: 0,
      dedupRatio: null,
      compressionRatio: null,
      noiseReduction: null,
      autoResolvedShare: null,
    });
  });

  it('defaults to the 24 hours before now', async () => {
    // now = T0+30h → [T0+6h, T0+30h): A5 at 10:00 and A6's duplicate at T0+24h; S4..S7.
    const { body } = await h.get<VolumeResponse>('volume');
    expect(body.range.from).toBe(at(6 * 60).toISOString());
    expect(body.range.to).toBe(at(30 * 60).toISOString());
    expect(body).toMatchObject({ alertsReceived: 2, uniqueAlerts: 2, situations: 4 });
  });
});

describe('GET /analytics/speed', () => {
  it('computes MTTA, MTTR and approval latency percentiles', async () => {
    const { status, body } = await h.get<SpeedResponse>(`speed?${q(range)}`);
    expect(status).toBe(200);
    // MTTA (first alert → first decision): S1 720 s, S2 1200 s, S5 420 s, S7 240 s.
    // Sorted [240, 420, 720, 1200]; percentile_cont interpolates at (n-1)·p.
    expect(body.mtta.count).toBe(4);
    expect(body.mtta.avg).toBeCloseTo(645, 6);
    expect(body.mtta.p50).toBeCloseTo(570, 6); // 420 + 0.5·300
    expect(body.mtta.p90).toBeCloseTo(1056, 6); // 720 + 0.7·480
    expect(body.mtta.p99).toBeCloseTo(1185.6, 6); // 720 + 0.97·480
    // MTTR: only S1 ended resolved, 01:00 → 01:30.
    expect(body.mttr).toEqual({ count: 1, avg: 1800, p50: 1800, p90: 1800, p99: 1800 });
    // Approval latency (entering awaiting → each decision): S1 600, S2 1080 and 1200, S5 300, S7 120.
    // The same-state rows (S1 01:05, S2 03:12 and 03:20) are not entries: measured from them,
    // S1 would be 420 and S2 0 and 120.
    expect(body.approvalLatency.count).toBe(5);
    expect(body.approvalLatency.avg).toBeCloseTo(660, 6);
    expect(body.approvalLatency.p50).toBeCloseTo(600, 6);
    expect(body.approvalLatency.p90).toBeCloseTo(1152, 6); // 1080 + 0.6·120
    expect(body.approvalLatency.p99).toBeCloseTo(1195.2, 6); // 1080 + 0.96·120
  });

  it('adds up the time spent in each open state, counting an open stay until the end of the range', async () => {
    // A stay runs from a change of state to the next one; the same-state rows of S1, S2 and
    // S3 continue their stay (counted as stays they would give awaiting 9 and verifying 3).
    const { body } = await h.get<SpeedResponse>(`speed?${q(range)}`);
    const byState = Object.fromEntries(body.timeInState.map((s) => [s.state, s]));
    expect(body.timeInState.map((s) => s.state)).toEqual([
      'collecting',
      'recommending',
      'awaiting_approval',
      'executing',
      'verifying',
    ]);
    // collecting: 60 s for six situations, 300 s for S6.
    expect(byState.collecting).toMatchObject({ visits: 7, totalSeconds: 660 });
    expect(byState.collecting!.avgSeconds).toBeCloseTo(660 / 7, 6);
    expect(byState.recommending).toEqual({ state: 'recommending', visits: 6, totalSeconds: 360, avgSeconds: 60 });
    // awaiting: S1 600 (01:02 → 01:12 across 01:05), S2 1200 (03:02 → 03:22 across 03:12 and
    // 03:20), S3 3600 (03:32 → 04:32 across 03:42), S4 open 10:02 → 24:00 = 50280, S5 300, S7 120.
    expect(byState.awaiting_approval).toEqual({
      state: 'awaiting_approval',
      visits: 6,
      totalSeconds: 56100,
      avgSeconds: 9350,
    });
    // executing: S1 180, S2 1080, S7 60. verifying: S1 900 (01:15 → 01:30 across 01:20), S7 600.
    expect(byState.executing).toEqual({ state: 'executing', visits: 3, totalSeconds: 1320, avgSeconds: 440 });
    expect(byState.verifying).toEqual({ state: 'verifying', visits: 2, totalSeconds: 1500, avgSeconds: 750 });
  });

  it('treats a run of same-state transitions as one stay, ending at the next change, closedAt or the range end', async () => {
    // Alone in their own day (seconds after `day`):
    //  A resolved: collecting 0 with alert updates at 5, 10, 20, 25 (group window 30 s),
    //    recommending 30, awaiting 31, awaiting 94 (U1 approves, one more needed), executing 158
    //    (U2 approves), verifying 200, resolved 260.
    //  B open, escalated: collecting 36000, recommending 36030, awaiting 36060, awaiting 37860
    //    (escalated), still waiting at the end of the range (86400).
    //  C rolled_back and closed at 44100, but its last projected state is executing (a gap in
    //    the projection): collecting 43200, recommending 43230, awaiting 43260, executing 43500;
    //    decided at 43500 without Approval rows.
    const day = new Date('2026-10-05T00:00:00.000Z');
    const t = (sec: number) => new Date(day.getTime() + sec * 1000);
    const situation = async (
      id: string,
      state: string,
      path: [string, number][],
      extra: { closedAt?: Date; decidedAt?: Date; escalated?: boolean } = {},
    ) =>
      h.prisma.situation.create({
        data: {
          id,
          correlationKey: `prod|${id}`,
          title: id,
          state,
          severity: 'high',
          version: path.length,
          firstAlertAt: t(path[0]![1]),
          createdAt: t(path[0]![1]),
          ...extra,
          transitions: {
            create: path.map(([toState, sec], i) => ({
              fromState: i === 0 ? null : path[i - 1]![0],
              toState,
              at: t(sec),
              version: i + 1,
            })),
          },
        },
      });
    await situation(
      'sit-stay-a',
      'resolved',
      [
        ['collecting', 0],
        ['collecting', 5],
        ['collecting', 10],
        ['collecting', 20],
        ['collecting', 25],
        ['recommending', 30],
        ['awaiting_approval', 31],
        ['awaiting_approval', 94],
        ['executing', 158],
        ['verifying', 200],
        ['resolved', 260],
      ],
      { closedAt: t(260), decidedAt: t(158) },
    );
    await situation(
      'sit-stay-b',
      'awaiting_approval',
      [
        ['collecting', 36000],
        ['recommending', 36030],
        ['awaiting_approval', 36060],
        ['awaiting_approval', 37860],
      ],
      { escalated: true },
    );
    await situation(
      'sit-stay-c',
      'rolled_back',
      [
        ['collecting', 43200],
        ['recommending', 43230],
        ['awaiting_approval', 43260],
        ['executing', 43500],
      ],
      { closedAt: t(44100), decidedAt: t(43500) },
    );
    await h.prisma.approval.createMany({
      data: [
        { situationId: 'sit-stay-a', userId: IDS.u1, decision: 'approve', createdAt: t(94) },
        { situationId: 'sit-stay-a', userId: IDS.u2, decision: 'approve', createdAt: t(158) },
      ].map((a) => ({ ...a, runbookId: 'failover-db', planHash: 'b'.repeat(64) })),
    });

    const { body } = await h.get<SpeedResponse>(`speed?${q({ from: day.toISOString(), to: t(86_400).toISOString() })}`);
    const byState = Object.fromEntries(body.timeInState.map((s) => [s.state, s]));
    // collecting: A 0 → 30 (one stay, not five of 5, 5, 10, 5, 5 s), B 30, C 30.
    expect(byState.collecting).toEqual({ state: 'collecting', visits: 3, totalSeconds: 90, avgSeconds: 30 });
    // recommending: A 1, B 30, C 30.
    expect(byState.recommending).toMatchObject({ visits: 3, totalSeconds: 61 });
    // awaiting: A 31 → 158 = 127 (not 63 + 64), B 36060 → 86400 = 50340 (open, across the
    // escalation), C 43260 → 43500 = 240.
    expect(byState.awaiting_approval).toMatchObject({ visits: 3, totalSeconds: 50707 });
    // executing: A 158 → 200 = 42; C 43500 → closedAt 44100 = 600 (not until the range end).
    expect(byState.executing).toEqual({ state: 'executing', visits: 2, totalSeconds: 642, avgSeconds: 321 });
    expect(byState.verifying).toEqual({ state: 'verifying', visits: 1, totalSeconds: 60, avgSeconds: 60 });
    // Approval latency from entering awaiting: A U1 63 and U2 127 (not 64 from U1's row), C 240.
    expect(body.approvalLatency.count).toBe(3);
    expect(body.approvalLatency.avg).toBeCloseTo(430 / 3, 6);
    expect(body.approvalLatency.p50).toBeCloseTo(127, 6);
  });

  it('trends MTTA/MTTR per bucket and lists the slowest situations', async () => {
    const { body } = await h.get<SpeedResponse>(`speed?${q(range)}`);
    expect(body.trend).toHaveLength(24);
    expect(body.trend[0]!.at).toBe(FROM);
    const byHour = (hh: string) => body.trend.find((b) => b.at === hm(hh).toISOString());
    expect(byHour('01:00')).toEqual({ at: hm('01:00').toISOString(), situations: 1, mtta: 720, mttr: 1800 });
    expect(byHour('03:00')).toEqual({ at: hm('03:00').toISOString(), situations: 2, mtta: 1200, mttr: null });
    expect(byHour('10:00')).toMatchObject({ situations: 1, mtta: null, mttr: null });
    expect(byHour('16:00')).toMatchObject({ situations: 1, mtta: 240 });
    expect(byHour('05:00')).toMatchObject({ situations: 0, mtta: null, mttr: null });
    expect(body.trend.reduce((n, b) => n + b.situations, 0)).toBe(7);
    expect(body.slowest.map((s) => [s.situationId, s.resolveSeconds, s.ackSeconds])).toEqual([
      ['sit-1', 1800, 720],
      ['sit-2', null, 1200],
      ['sit-5', null, 420],
      ['sit-7', null, 240],
    ]);
  });

  it("falls back to the workflow's decidedAt for a situation decided without Approval rows", async () => {
    // Alone in its own day: first alert 00:00, awaiting 00:02, decided 00:10, resolved 00:20.
    const day = new Date('2026-10-01T00:00:00.000Z');
    const t = (m: number) => new Date(day.getTime() + m * 60_000);
    await h.prisma.situation.create({
      data: {
        id: 'sit-imported',
        correlationKey: 'prod|legacy',
        title: 'imported history',
        state: 'resolved',
        severity: 'high',
        firstAlertAt: t(0),
        createdAt: t(0),
        decidedAt: t(10),
        closedAt: t(20),
        transitions: {
          create: [
            { toState: 'collecting', at: t(0), version: 1 },
            { fromState: 'collecting', toState: 'awaiting_approval', at: t(2), version: 2 },
            { fromState: 'awaiting_approval', toState: 'executing', at: t(10), version: 3 },
            { fromState: 'executing', toState: 'resolved', at: t(20), version: 4 },
          ],
        },
      },
    });
    const { body } = await h.get<SpeedResponse>(
      `speed?${q({ from: day.toISOString(), to: t(24 * 60).toISOString() })}`,
    );
    expect(body.mtta).toEqual({ count: 1, avg: 600, p50: 600, p90: 600, p99: 600 });
    expect(body.mttr).toEqual({ count: 1, avg: 1200, p50: 1200, p90: 1200, p99: 1200 });
    expect(body.approvalLatency).toEqual({ count: 1, avg: 480, p50: 480, p90: 480, p99: 480 });
  });

  it('filters and handles an empty range', async () => {
    const db = await h.get<SpeedResponse>(`speed?${q({ ...range, service: 'db' })}`);
    expect(db.body.mtta).toEqual({ count: 1, avg: 1200, p50: 1200, p90: 1200, p99: 1200 });
    expect(db.body.mttr.count).toBe(0);
    expect(db.body.approvalLatency.count).toBe(2);
    expect(db.body.approvalLatency.avg).toBeCloseTo(1140, 6);
    const empty = await h.get<SpeedResponse>(`speed?${q({ ...EMPTY, bucket: 'day' })}`);
    const none = { count: 0, avg: null, p50: null, p90: null, p99: null };
    expect(empty.body).toMatchObject({ mtta: none, mttr: none, approvalLatency: none, slowest: [] });
    expect(empty.body.trend).toEqual([{ at: '2025-01-01T00:00:00.000Z', situations: 0, mtta: null, mttr: null }]);
    expect(empty.body.timeInState.every((s) => s.visits === 0 && s.totalSeconds === 0 && s.avgSeconds === null)).toBe(
      true,
    );
  });
});

describe('GET /analytics/safety', () => {
  it('reports outcomes overall and per runbook, attributing to the approved runbook', async () => {
    const { status, body } = await h.get<SafetyResponse>(`safety?${q(range)}`);
    expect(status).toBe(200);
    expect(body.overall).toEqual({
      runbookId: null,
      situations: 7,
      executed: 3, // S1 S2 S7
      resolved: 1,
      notFixed: 1,
      rolledBack: 1,
      rejected: 1,
      expired: 1,
      escalated: 2,
      successRate: 1 / 3,
      compensations: 1,
    });
    const zero = { resolved: 0, notFixed: 0, rolledBack: 0, rejected: 0, expired: 0, escalated: 0, compensations: 0 };
    // S7 was recommended restart-service but approved as scale-out: it counts for scale-out.
    expect(body.perRunbook).toEqual([
      {
        ...zero,
        runbookId: 'failover-db',
        situations: 2,
        executed: 1,
        rolledBack: 1,
        expired: 1,
        escalated: 2,
        compensations: 1,
        successRate: 0,
      },
      { ...zero, runbookId: 'restart-service', situations: 2, executed: 1, resolved: 1, rejected: 1, successRate: 1 },
      { ...zero, runbookId: 'scale-out', situations: 2, executed: 1, notFixed: 1, successRate: 0 },
    ]);
    expect(body.incidents.map((i) => [i.situationId, i.state, i.runbookId, i.closedAt])).toEqual([
      ['sit-7', 'not_fixed', 'scale-out', hm('16:15').toISOString()],
      ['sit-5', 'rejected', 'restart-service', hm('12:07').toISOString()],
      ['sit-3', 'expired', 'failover-db', hm('04:32').toISOString()],
      ['sit-2', 'rolled_back', 'failover-db', hm('03:40').toISOString()],
    ]);
  });

  it('filters and handles an empty range', async () => {
    const staging = await h.get<SafetyResponse>(`safety?${q({ ...range, environment: 'staging' })}`);
    // staging: S3 (expired, failover-db) and S6 (auto_resolved, no runbook).
    expect(staging.body.overall).toMatchObject({ situations: 2, executed: 0, expired: 1, successRate: null });
    expect(staging.body.perRunbook.map((r) => [r.runbookId, r.situations])).toEqual([['failover-db', 1]]);
    const empty = await h.get<SafetyResponse>(`safety?${q(EMPTY)}`);
    expect(empty.body.overall).toMatchObject({ situations: 0, executed: 0, successRate: null, compensations: 0 });
    expect(empty.body.perRunbook).toEqual([]);
    expect(empty.body.incidents).toEqual([]);
  });
});
