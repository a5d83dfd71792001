import {
  alertLabels,
  amAlert,
  amWebhook,
  fingerprint,
  nanoTime,
  OUTAGE,
  ZERO_TIME,
} from '../src/alertmanager-payloads';

describe('Alertmanager payload builders', () => {
  it('computes the fingerprint Alertmanager itself computes', () => {
    // Value reported by a real prometheus-alertmanager 0.25 (GET /api/v2/alerts) for these labels.
    expect(fingerprint(alertLabels(OUTAGE.dbDown))).toBe('616457efa4f4b0a2');
    expect(fingerprint({})).toBe('cbf29ce484222325'); // FNV-1a 64 offset basis
  });

  it('keeps the fingerprint across fire and resolve, with zero endsAt while firing', () => {
    const start = new Date('2026-12-03T19:00:00.250Z');
    const firing = amAlert(OUTAGE.apiLatency, start);
    const resolved = amAlert(OUTAGE.apiLatency, start, new Date('2026-12-03T19:05:00Z'));
    expect(firing.status).toBe('firing');
    expect(firing.endsAt).toBe(ZERO_TIME);
    expect(firing.startsAt).toBe('2026-12-03T19:00:00.250123457Z');
    expect(resolved.status).toBe('resolved');
    expect(resolved.fingerprint).toBe(firing.fingerprint);
    expect(nanoTime(new Date('2026-12-03T19:00:00Z'))).toMatch(/^2026-12-03T19:00:00\.\d{9}Z$/);
  });

  it('builds a v4 group notification that is firing while any alert fires', () => {
    const t = new Date('2026-12-03T19:00:00Z');
    const body = amWebhook({ service: 'api' }, [
      amAlert(OUTAGE.apiLatency, t),
      amAlert(OUTAGE.apiPool, t, new Date('2026-12-03T19:01:00Z')),
    ]);
    expect(body).toMatchObject({
      version: '4',
      status: 'firing',
      truncatedAlerts: 0,
      groupLabels: { service: 'api' },
      commonLabels: { service: 'api', environment: 'prod', team: 'web', instance: 'api-0:8080' },
    });
    expect(body.commonLabels).not.toHaveProperty('alertname');
    expect(body.groupKey).toBe('{}/{severity=~"critical|warning"}:{service="api"}');
    expect(amWebhook({ service: 'api' }, [amAlert(OUTAGE.apiPool, t, t)]).status).toBe('resolved');
  });
});
