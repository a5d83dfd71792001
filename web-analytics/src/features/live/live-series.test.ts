import type { AlertChangedEvent, LiveResponse } from '@hro/domain';
import { bumpMatches, mergeLive } from './live-series';

const minute = (iso: string) => Date.parse(iso);

function live(asOf: string, counts: Record<string, number>): LiveResponse {
  const end = Math.floor(Date.parse(asOf) / 60_000) * 60_000;
  const minutes = Array.from({ length: 60 }, (_, i) => {
    const at = new Date(end - (59 - i) * 60_000).toISOString();
    return { at, deliveries: counts[at] ?? 0 };
  });
  const total = minutes.reduce((n, m) => n + m.deliveries, 0);
  return { asOf, environment: null, service: null, minutes, lastHour: total, lastFiveMinutes: 0, openSituations: 0 };
}

describe('live series', () => {
  const data = live('2026-11-02T10:00:30.000Z', { '2026-11-02T10:00:00.000Z': 2, '2026-11-02T09:30:00.000Z': 1 });

  it('adds deliveries seen after the fetch and ignores those already counted', () => {
    const m = mergeLive(data, [{ at: minute('2026-11-02T10:00:10.000Z') }, { at: minute('2026-11-02T10:00:40.000Z') }]);
    expect(m.pending).toBe(1);
    expect(m.lastHour).toBe(4);
    expect(m.lastFiveMinutes).toBe(3);
    expect(m.minutes).toHaveLength(60);
    expect(m.minutes[59]).toEqual({ at: '2026-11-02T10:00:00.000Z', deliveries: 3 });
  });

  it('slides the window when a delivery lands in a new minute', () => {
    const m = mergeLive(data, [{ at: minute('2026-11-02T10:01:05.000Z') }]);
    expect(m.minutes).toHaveLength(60);
    expect(m.minutes[0]!.at).toBe('2026-11-02T09:02:00.000Z');
    expect(m.minutes[59]).toEqual({ at: '2026-11-02T10:01:00.000Z', deliveries: 1 });
    expect(m.lastHour).toBe(4);
  });

  it('bumps only what the filters cover', () => {
    const e = { service: 'db' } as AlertChangedEvent;
    expect(bumpMatches(e, {})).toBe(true);
    expect(bumpMatches(e, { service: 'db' })).toBe(true);
    expect(bumpMatches(e, { service: 'api' })).toBe(false);
    // The event has no environment: the refetch counts it instead of a guess.
    expect(bumpMatches(e, { environment: 'prod' })).toBe(false);
  });
});
