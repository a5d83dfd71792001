import { pagerdutyProvider, routingKeyOf } from '../../src/ingest/providers/pagerduty';
import { ctx, only, validationError } from './context';

// Shapes from PagerDuty's Events API v2 documentation (send an alert event).
const ROUTING_KEY = 'samplekeyhere0123456789abcdef012';
const trigger = {
  routing_key: ROUTING_KEY,
  event_action: 'trigger',
  dedup_key: 'srv01/mysql',
  payload: {
    summary: 'DISK at 99% on machine prod-datapipe03.example.com',
    timestamp: '2015-07-17T08:42:58.315+0000',
    severity: 'critical',
    source: 'prod-datapipe03.example.com',
    component: 'mysql',
    group: 'prod-datapipe',
    class: 'disk',
    custom_details: { free_space: '1%', environment: 'prod', ping_time: 1500 },
  },
  client: 'Sample Monitoring Service',
  client_url: 'https://monitoring.example.com',
  links: [{ href: 'http://pagerduty.example.com', text: 'An example link.' }],
  images: [{ src: 'https://chart.example/x.png', href: 'https://example.com/', alt: 'chart' }],
};

describe('pagerduty provider', () => {
  it('normalizes a trigger and answers like PagerDuty', async () => {
    const batch = await pagerdutyProvider.normalize(trigger, ctx('pagerduty'));
    expect(batch.status).toBe(202);
    expect(batch.reply).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'srv01/mysql' });
    expect(only(batch)).toEqual({
      source: 'pagerduty',
      fingerprint: 'pagerduty:00000000-0000-4000-8000-000000000001:srv01/mysql',
      status: 'firing',
      severity: 'critical',
      name: 'disk',
      summary: 'DISK at 99% on machine prod-datapipe03.example.com',
      service: 'mysql',
      environment: 'prod',
      resource: 'prod-datapipe03.example.com',
      labels: { source: 'prod-datapipe03.example.com', component: 'mysql', group: 'prod-datapipe', class: 'disk' },
      annotations: {
        'details.free_space': '1%',
        'details.environment': 'prod',
        'details.ping_time': '1500',
        client: 'Sample Monitoring Service',
      },
      startsAt: '2015-07-17T08:42:58.315Z',
      generatorUrl: 'https://monitoring.example.com',
    });
    expect(JSON.stringify(batch)).not.toContain(ROUTING_KEY);
  });

  it.each([
    ['critical', 'critical'],
    ['error', 'high'],
    ['warning', 'warning'],
    ['info', 'info'],
  ])('maps severity %s to %s', async (vendor, canonical) => {
    const body = { ...trigger, payload: { ...trigger.payload, severity: vendor } };
    expect(only(await pagerdutyProvider.normalize(body, ctx('pagerduty'))).severity).toBe(canonical);
  });

  it('generates a stable dedup_key for a keyless trigger and returns it', async () => {
    const { dedup_key: _k, ...keyless } = trigger;
    const a = await pagerdutyProvider.normalize(keyless, ctx('pagerduty'));
    const b = await pagerdutyProvider.normalize(
      { ...keyless, payload: { ...trigger.payload, timestamp: undefined } },
      ctx('pagerduty'),
    );
    const key = (a.reply as { dedup_key: string }).dedup_key;
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect((b.reply as { dedup_key: string }).dedup_key).toBe(key);
    expect(only(a).fingerprint).toBe(`pagerduty:00000000-0000-4000-8000-000000000001:${key}`);
    const other = await pagerdutyProvider.normalize(
      { ...keyless, payload: { ...trigger.payload, summary: 'other' } },
      ctx('pagerduty'),
    );
    expect((other.reply as { dedup_key: string }).dedup_key).not.toBe(key);
  });

  it('acknowledge and resolve carry only the key (no severity, no summary)', async () => {
    const ack = await pagerdutyProvider.normalize(
      { routing_key: ROUTING_KEY, event_action: 'acknowledge', dedup_key: 'srv01/mysql' },
      ctx('pagerduty'),
    );
    expect(ack.reply).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'srv01/mysql' });
    expect(only(ack)).toEqual({
      source: 'pagerduty',
      fingerprint: 'pagerduty:00000000-0000-4000-8000-000000000001:srv01/mysql',
      status: 'acknowledged',
      name: 'srv01/mysql',
      labels: {},
      annotations: {},
    });
    const resolve = await pagerdutyProvider.normalize(
      { routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: 'srv01/mysql' },
      ctx('pagerduty'),
    );
    expect(only(resolve)).toEqual({
      source: 'pagerduty',
      fingerprint: 'pagerduty:00000000-0000-4000-8000-000000000001:srv01/mysql',
      status: 'resolved',
      name: 'srv01/mysql',
      labels: {},
      annotations: {},
    });
  });

  it.each([
    [{ ...trigger, event_action: 'escalate' }, 'event_action'],
    [{ routing_key: ROUTING_KEY, event_action: 'resolve' }, 'dedup_key'],
    [{ routing_key: ROUTING_KEY, event_action: 'trigger' }, 'payload'],
    [{ ...trigger, payload: { ...trigger.payload, summary: '' } }, 'payload.summary'],
    [{ ...trigger, payload: { ...trigger.payload, source: undefined } }, 'payload.source'],
    [{ ...trigger, payload: { ...trigger.payload, severity: 'urgent' } }, 'payload.severity'],
    [{ ...trigger, payload: { ...trigger.payload, timestamp: 'last tuesday' } }, 'payload.timestamp'],
    [{ ...trigger, dedup_key: 'k'.repeat(256) }, 'dedup_key'],
  ])('refuses malformed event %#', async (body, field) => {
    const err = await validationError(() => pagerdutyProvider.normalize(body, ctx('pagerduty')));
    expect(err.errors.map((e) => e.field)).toContain(field);
  });

  it('exposes the routing key for token-in-body authentication', () => {
    expect(routingKeyOf(trigger)).toBe(ROUTING_KEY);
    expect(routingKeyOf({ event_action: 'trigger' })).toBeUndefined();
    expect(routingKeyOf({ routing_key: 5 })).toBeUndefined();
    expect(routingKeyOf('x')).toBeUndefined();
  });
});
