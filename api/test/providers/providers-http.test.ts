import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@hro/db';
import { temporalAddress } from '../../../test/support/env';
import { hashToken } from '../../src/auth/tokens';
import { ingestCounts, post, startHarness, type ApiHarness } from '../support/api-harness';

// Every native provider through the real HTTP app, real store and real Postgres: the
// vendor-shaped answers, acknowledge/resolve by key, and no phantom alerts.
let h: ApiHarness;
beforeAll(async () => {
  h = await startHarness({ temporalAddress: temporalAddress() });
});
afterAll(async () => h?.close());

async function integration(
  prisma: PrismaClient,
  kind: string,
  config: object = {},
): Promise<{ id: string; token: string }> {
  const token = `hro_ing_${randomBytes(24).toString('base64url')}`;
  const row = await prisma.integration.create({
    data: { name: `${kind}-${randomBytes(4).toString('hex')}`, kind, tokenHash: hashToken(token), config },
  });
  return { id: row.id, token };
}

const ingest = (kind: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
  post(`${h.url}/api/v1/ingest/${kind}`, token, body, headers);

describe('native providers over HTTP', () => {
  it('PagerDuty: trigger, acknowledge and resolve one alert by dedup_key; unknown keys create nothing', async () => {
    const { id, token } = await integration(h.prisma, 'pagerduty');
    const event = {
      routing_key: 'ignored-by-us',
      event_action: 'trigger',
      dedup_key: 'db-1/disk',
      payload: {
        summary: 'Disk 95% on db-1',
        source: 'db-1',
        severity: 'error',
        component: 'postgres',
        custom_details: { environment: 'prod' },
      },
    };
    const res = await ingest('pagerduty', token, event);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'db-1/disk' });
    const fingerprint = `pagerduty:${id}:db-1/disk`;
    expect(await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint } })).toMatchObject({
      status: 'firing',
      severity: 'high',
      name: 'Disk 95% on db-1',
      service: 'postgres',
      environment: 'prod',
      resource: 'db-1',
    });

    const ack = await ingest('pagerduty', token, {
      routing_key: 'x',
      event_action: 'acknowledge',
      dedup_key: 'db-1/disk',
    });
    expect(ack.status).toBe(202);
    expect(await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint } })).toMatchObject({
      status: 'acknowledged',
      severity: 'high',
      name: 'Disk 95% on db-1',
      summary: 'Disk 95% on db-1',
    });
    const resolve = await ingest('pagerduty', token, {
      routing_key: 'x',
      event_action: 'resolve',
      dedup_key: 'db-1/disk',
    });
    expect(resolve.status).toBe(202);
    const done = await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint } });
    expect(done).toMatchObject({ status: 'resolved', severity: 'high', name: 'Disk 95% on db-1' });
    expect(done.resolvedAt).not.toBeNull();

    const before = await ingestCounts(h.prisma);
    for (const action of ['acknowledge', 'resolve']) {
      const r = await ingest('pagerduty', token, {
        routing_key: 'x',
        event_action: action,
        dedup_key: 'never-triggered',
      });
      expect(r.status).toBe(202);
    }
    const after = await ingestCounts(h.prisma);
    expect(after.alerts).toBe(before.alerts);
    expect(after.outbox).toBe(before.outbox);
    expect(await h.prisma.alert.count({ where: { fingerprint: `pagerduty:${id}:never-triggered` } })).toBe(0);
  });

  // A key-only acknowledge/resolve carries no labels or annotations: the stored ones stay.
  it('PagerDuty: acknowledge and resolve keep the labels and annotations stored by the trigger', async () => {
    const { id, token } = await integration(h.prisma, 'pagerduty');
    const trigger = {
      event_action: 'trigger',
      dedup_key: 'lb',
      payload: {
        summary: 's',
        source: 'lb-1',
        severity: 'info',
        component: 'haproxy',
        custom_details: { backend: 'web' },
      },
    };
    await ingest('pagerduty', token, trigger);
    await ingest('pagerduty', token, { event_action: 'acknowledge', dedup_key: 'lb' });
    const fingerprint = `pagerduty:${id}:lb`;
    const stored = await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint } });
    expect(stored).toMatchObject({ status: 'acknowledged', severity: 'info', summary: 's' });
    expect(stored.labels).toEqual({ source: 'lb-1', component: 'haproxy' });
    expect(stored.annotations).toEqual({ 'details.backend': 'web' });
    await ingest('pagerduty', token, { event_action: 'resolve', dedup_key: 'lb' });
    const resolved = await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint } });
    expect(resolved).toMatchObject({ status: 'resolved', severity: 'info', summary: 's' });
    expect(resolved.labels).toEqual({ source: 'lb-1', component: 'haproxy' });
    expect(resolved.annotations).toEqual({ 'details.backend': 'web' });
    // The routed signals carry the stored labels too, not the resolve's empty set.
    const outbox = await h.prisma.outboxEntry.findMany({ where: { alertId: resolved.id }, orderBy: { id: 'asc' } });
    expect(outbox.map((o) => (o.payload as { labels: unknown }).labels)).toEqual([
      { source: 'lb-1', component: 'haproxy' },
      { source: 'lb-1', component: 'haproxy' },
      { source: 'lb-1', component: 'haproxy' },
    ]);
  });

  it('PagerDuty: a keyless trigger gets a generated key that later resolves it', async () => {
    const { id, token } = await integration(h.prisma, 'pagerduty');
    const res = await ingest('pagerduty', token, {
      routing_key: 'x',
      event_action: 'trigger',
      payload: { summary: 'Queue backlog', source: 'mq-1', severity: 'warning' },
    });
    const { dedup_key } = (await res.json()) as { dedup_key: string };
    expect(dedup_key).toMatch(/^[0-9a-f]{32}$/);
    await ingest('pagerduty', token, { routing_key: 'x', event_action: 'resolve', dedup_key });
    expect(
      await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint: `pagerduty:${id}:${dedup_key}` } }),
    ).toMatchObject({
      status: 'resolved',
    });
  });

  it('CloudWatch via SNS: text/plain envelope with the alarm as a JSON string', async () => {
    const { token } = await integration(h.prisma, 'cloudwatch', { verifySignature: false, environment: 'prod' });
    const arn = 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:api-latency';
    const envelope = (state: string, time: string) => ({
      Type: 'Notification',
      MessageId: randomBytes(8).toString('hex'),
      TopicArn: 'arn:aws:sns:eu-west-1:123456789012:alarms',
      Subject: `${state}: "api-latency"`,
      Message: JSON.stringify({
        AlarmName: 'api-latency',
        AWSAccountId: '123456789012',
        NewStateValue: state,
        NewStateReason: 'Threshold Crossed',
        StateChangeTime: time,
        AlarmArn: arn,
        Trigger: { Namespace: 'AWS/ApiGateway', MetricName: 'Latency', Dimensions: [] },
      }),
      Timestamp: new Date().toISOString(),
      SignatureVersion: '1',
      Signature: 'EXAMPLE',
      SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-x.pem',
    });
    const fired = await ingest('cloudwatch', token, JSON.stringify(envelope('ALARM', '2026-12-03T10:00:00.000+0000')), {
      'content-type': 'text/plain; charset=UTF-8',
    });
    expect(fired.status).toBe(202);
    expect(await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint: `cloudwatch:${arn}` } })).toMatchObject({
      status: 'firing',
      severity: 'high',
      service: 'AWS/ApiGateway',
      environment: 'prod',
    });
    await ingest('cloudwatch', token, JSON.stringify(envelope('OK', '2026-12-03T10:07:00.000+0000')), {
      'content-type': 'text/plain; charset=UTF-8',
    });
    const ok = await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint: `cloudwatch:${arn}` } });
    expect(ok.status).toBe('resolved');
    expect(ok.endsAt?.toISOString()).toBe('2026-12-03T10:07:00.000Z');
  });

  it('a refused SNS subscription confirmation is recorded for an admin, nothing else is written', async () => {
    const { id, token } = await integration(h.prisma, 'cloudwatch');
    const before = await ingestCounts(h.prisma);
    const res = await ingest(
      'cloudwatch',
      token,
      JSON.stringify({
        Type: 'SubscriptionConfirmation',
        MessageId: 'm',
        TopicArn: 't',
        Message: 'confirm',
        Timestamp: new Date().toISOString(),
        SignatureVersion: '2',
        Signature: 'x',
        SigningCertURL: 'https://evil.example/c.pem',
        SubscribeURL: 'https://evil.example/',
      }),
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const after = await ingestCounts(h.prisma);
    expect({ ...after, rejected: 0 }).toEqual({ ...before, rejected: 0 });
    expect(await h.prisma.rejectedPayload.count({ where: { integrationId: id } })).toBe(1);
  });

  it('Grafana, Datadog, Azure Monitor, Google Cloud and a mapping: fire then resolve one stored alert each', async () => {
    const cases: {
      kind: string;
      config?: object;
      fire: unknown;
      resolve: unknown;
      fingerprint: (id: string) => string;
    }[] = [
      {
        kind: 'grafana',
        fire: {
          status: 'firing',
          orgId: 1,
          alerts: [
            {
              status: 'firing',
              labels: { alertname: 'Mem', service: 'web' },
              annotations: {},
              startsAt: '2026-12-03T10:00:00Z',
              endsAt: '0001-01-01T00:00:00Z',
              fingerprint: 'f1',
            },
          ],
        },
        resolve: {
          status: 'resolved',
          orgId: 1,
          alerts: [
            {
              status: 'resolved',
              labels: { alertname: 'Mem', service: 'web' },
              annotations: {},
              startsAt: '2026-12-03T10:00:00Z',
              endsAt: '2026-12-03T10:05:00Z',
              fingerprint: 'f1',
            },
          ],
        },
        fingerprint: () => 'grafana:1:f1',
      },
      {
        kind: 'datadog',
        fire: {
          alert_id: '77',
          alert_transition: 'Triggered',
          alert_type: 'error',
          alert_title: 'CPU',
          tags: 'service:web',
          date: '1764756000000',
        },
        resolve: {
          alert_id: '77',
          alert_transition: 'Recovered',
          alert_type: 'success',
          alert_title: 'CPU',
          tags: 'service:web',
          date: '1764756600000',
        },
        fingerprint: () => 'datadog:77:*',
      },
      {
        kind: 'azure-monitor',
        fire: {
          schemaId: 'azureMonitorCommonAlertSchema',
          data: {
            essentials: {
              alertId: '/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/a1',
              alertRule: 'cpu',
              severity: 'Sev2',
              monitorCondition: 'Fired',
              firedDateTime: '2026-12-03T10:00:00.1234567Z',
            },
          },
        },
        resolve: {
          schemaId: 'azureMonitorCommonAlertSchema',
          data: {
            essentials: {
              alertId: '/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/a1',
              alertRule: 'cpu',
              severity: 'Sev2',
              monitorCondition: 'Resolved',
              firedDateTime: '2026-12-03T10:00:00.1234567Z',
              resolvedDateTime: '2026-12-03T10:09:00Z',
            },
          },
        },
        fingerprint: () => 'azure-monitor:/subscriptions/s/providers/microsoft.alertsmanagement/alerts/a1',
      },
      {
        kind: 'google-cloud',
        fire: {
          version: '1.2',
          incident: { incident_id: 'i-1', state: 'open', started_at: 1796292000, policy_name: 'p', summary: 's' },
        },
        resolve: {
          version: '1.2',
          incident: {
            incident_id: 'i-1',
            state: 'closed',
            started_at: 1796292000,
            ended_at: 1796292600,
            policy_name: 'p',
            summary: 's',
          },
        },
        fingerprint: () => 'google-cloud:i-1',
      },
      {
        kind: 'mapping',
        config: {
          source: 'custom',
          fields: { name: '$.check', status: '$.state', fingerprint: '$.id' },
          statusMap: { BAD: 'firing', GOOD: 'resolved' },
        },
        fire: { id: 'c-1', check: 'ping', state: 'BAD' },
        resolve: { id: 'c-1', check: 'ping', state: 'GOOD' },
        fingerprint: (id) => `custom:${id}:c-1`,
      },
    ];
    for (const c of cases) {
      const { id, token } = await integration(h.prisma, c.kind, c.config);
      const fired = await ingest(c.kind, token, c.fire);
      expect([c.kind, fired.status]).toEqual([c.kind, 202]);
      expect((await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint: c.fingerprint(id) } })).status).toBe(
        'firing',
      );
      const resolved = await ingest(c.kind, token, c.resolve);
      expect([c.kind, resolved.status]).toEqual([c.kind, 202]);
      expect((await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint: c.fingerprint(id) } })).status).toBe(
        'resolved',
      );
    }
  });

  it('a foreign payload is a 4xx problem naming the field, and nothing is written', async () => {
    const { token } = await integration(h.prisma, 'azure-monitor');
    const before = await ingestCounts(h.prisma);
    const res = await ingest('azure-monitor', token, { schemaId: 'Microsoft.Insights/activityLogs', data: {} });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field)).toContain('schemaId');
    const after = await ingestCounts(h.prisma);
    expect(after).toEqual({ ...before, rejected: before.rejected + 1 });
  });
});
