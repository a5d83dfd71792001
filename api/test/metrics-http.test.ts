import { temporalAddress } from '../../test/support/env';
import { call, seedSituation, startTestApi, type TestApi } from './situations-fixtures';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ temporalAddress: temporalAddress() });
  await seedSituation(api.prisma, { id: 'sit-m1', title: 'a', state: 'awaiting_approval', severity: 'high' });
  await seedSituation(api.prisma, { id: 'sit-m2', title: 'b', state: 'awaiting_approval', severity: 'info' });
  await seedSituation(api.prisma, { id: 'sit-m3', title: 'c', state: 'resolved', severity: 'info' });
  const alert = await api.prisma.alert.create({
    data: { fingerprint: 'fp-m', source: 'generic', status: 'firing', severity: 'high', name: 'X' },
  });
  await api.prisma.outboxEntry.createMany({
    data: [
      { alertId: alert.id, payload: {}, createdAt: new Date(Date.now() - 60_000) },
      { alertId: alert.id, payload: {} },
      { alertId: alert.id, payload: {}, routedAt: new Date() },
    ],
  });
});

afterAll(async () => {
  await api?.close();
});

async function scrape(): Promise<string> {
  const r = await call(`${api.url}/metrics`);
  expect(r.status).toBe(200);
  expect(r.type).toContain('text/plain');
  return r.body as string;
}

function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('reports situations by state (zeros included) and the unrouted outbox backlog from Postgres', async () => {
    const text = await scrape();
    expect(value(text, 'hro_situations{state="awaiting_approval"}')).toBe(2);
    expect(value(text, 'hro_situations{state="resolved"}')).toBe(1);
    expect(value(text, 'hro_situations{state="executing"}')).toBe(0);
    expect(value(text, 'hro_outbox_backlog')).toBe(2);
    expect(value(text, 'hro_outbox_oldest_unrouted_seconds')).toBeGreaterThanOrEqual(59);
    expect(text).toContain('hro_process_cpu_user_seconds_total');
  });

  it('counts ingested alerts by provider and outcome, and refused ingest requests', async () => {
    api.alertEvents.emit([
      {
        alertId: 'a',
        situationId: null,
        fingerprint: 'f',
        source: 'alertmanager',
        name: 'n',
        service: null,
        status: 'firing',
        severity: 'high',
        duplicate: false,
        at: new Date().toISOString(),
      },
      {
        alertId: 'a',
        situationId: null,
        fingerprint: 'f',
        source: 'alertmanager',
        name: 'n',
        service: null,
        status: 'firing',
        severity: 'high',
        duplicate: true,
        at: new Date().toISOString(),
      },
    ]);
    const refused = await call(`${api.url}/api/v1/ingest/alertmanager`, { token: 'hro_ing_wrong', body: {} });
    expect(refused.status).toBe(401);
    const text = await scrape();
    expect(value(text, 'hro_ingest_alerts_total{provider="alertmanager",outcome="accepted"}')).toBe(1);
    expect(value(text, 'hro_ingest_alerts_total{provider="alertmanager",outcome="duplicate"}')).toBe(1);
    expect(value(text, 'hro_ingest_alerts_total{provider="alertmanager",outcome="unauthorized"}')).toBe(1);
    expect(value(text, 'hro_ingest_request_duration_seconds_count{provider="alertmanager"}')).toBe(1);
  });

  it('labels the HTTP histogram with route templates, never raw ids', async () => {
    await call(`${api.url}/api/v1/situations/sit-m1`, { token: api.tokens.viewer });
    await call(`${api.url}/api/v1/situations/sit-m2`, { token: api.tokens.viewer });
    const text = await scrape();
    expect(
      value(text, 'hro_http_request_duration_seconds_count{method="GET",route="/api/v1/situations/:id",status="200"}'),
    ).toBe(2);
    expect(text).not.toContain('sit-m1');
    // Errors thrown by a handler leave the router before the response ends: same label.
    await call(`${api.url}/api/v1/situations/sit-none`, { token: api.tokens.viewer });
    const after = await scrape();
    expect(
      value(after, 'hro_http_request_duration_seconds_count{method="GET",route="/api/v1/situations/:id",status="404"}'),
    ).toBe(1);
    await call(`${api.url}/api/v1/nothing-here`);
    expect(await scrape()).toContain('route="unmatched",status="404"');
  });
});
