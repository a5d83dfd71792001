import type { Problem } from '@hro/domain';
import { FROM, TO, at } from './analytics-seed';
import { q, startAnalytics, type AnalyticsHarness } from './analytics-server';

let h: AnalyticsHarness;
beforeAll(async () => {
  h = await startAnalytics(at(30 * 60));
});
afterAll(async () => {
  await h.close();
});

const ENDPOINTS = ['volume', 'speed', 'safety', 'sources', 'live', 'heatmap', 'funnel', 'compression', 'options'];

describe('analytics over HTTP', () => {
  it.each(ENDPOINTS)('%s needs a session (401 problem+json without one)', async (endpoint) => {
    const res = await h.get<Problem>(endpoint, null);
    expect(res.status).toBe(401);
    expect(res.type).toContain('application/problem+json');
    const forged = await h.get<Problem>(endpoint, 'hro_ses_not-a-real-token');
    expect(forged.status).toBe(401);
  });

  it('answers viewers with JSON that no cache may keep', async () => {
    const res = await fetch(`${h.base}volume?${q({ from: FROM, to: TO })}`, {
      headers: { authorization: `Bearer ${h.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  const bad: [string, Record<string, string>, string][] = [
    ['a date that is not ISO', { from: 'yesterday' }, 'query.from'],
    ['a date without a zone', { to: '2026-11-02T10:00:00' }, 'query.to'],
    ['from after to', { from: TO, to: FROM }, 'query.from'],
    ['a range over 400 days', { from: '2024-01-01T00:00:00Z', to: '2025-06-01T00:00:00Z' }, 'query.from'],
    ['an unknown bucket', { bucket: 'fortnight' }, 'query.bucket'],
    [
      'a bucket too fine for the range',
      { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z', bucket: 'minute' },
      'query.bucket',
    ],
    ['an empty service', { service: '' }, 'query.service'],
    ['an unknown parameter', { servcie: 'db' }, 'query.servcie'],
  ];
  it.each(bad)('refuses %s with 400 naming the field', async (_label, params, field) => {
    for (const endpoint of ['volume', 'speed', 'compression']) {
      const res = await h.get<Problem>(`${endpoint}?${q(params)}`);
      expect(res.status).toBe(400);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.errors?.map((e) => e.field)).toContain(field);
    }
  });

  it('refuses a repeated parameter', async () => {
    const res = await h.get<Problem>('volume?environment=prod&environment=staging');
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.field)).toEqual(['query.environment']);
  });
});
