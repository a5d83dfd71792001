import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { temporalAddress } from '../../test/support/env';
import { createApp } from '../src/app';
import { hashToken } from '../src/auth/tokens';
import { amPayload, createUser, ingestCounts, login, post, startHarness, type ApiHarness } from './support/api-harness';

// The ingest pipeline's own concerns, through the real HTTP app and the real database:
// credentials for senders that cannot send a Bearer header (and their redaction from logs),
// the PagerDuty Events-API-shaped path, NUL stripping for every provider, and integration
// config validation in the admin API.
let h: ApiHarness;
let admin: string;
beforeAll(async () => {
  h = await startHarness({
    temporalAddress: temporalAddress(),
    router: { sweepMs: 3_600_000, debounceMs: 3_600_000 },
  });
  await createUser(h.prisma, 'admin@example.test', 'admin', 'correct horse battery');
  admin = await login(h.url, 'admin@example.test', 'correct horse battery');
});
afterAll(async () => h?.close());

async function integration(kind: string, config: object = {}): Promise<{ id: string; token: string }> {
  const token = `hro_ing_${randomBytes(24).toString('base64url')}`;
  const row = await h.prisma.integration.create({
    data: { name: `${kind}-${randomBytes(4).toString('hex')}`, kind, tokenHash: hashToken(token), config },
  });
  return { id: row.id, token };
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

async function problem(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await res.json()) as { status: number; errors?: { field: string; message: string }[] };
}

describe('credentials for senders without a Bearer header', () => {
  it('accepts HTTP Basic (password = token, any username) and ?token=; refuses wrong ones', async () => {
    const { token } = await integration('alertmanager');
    const url = `${h.url}/api/v1/ingest/alertmanager`;
    const viaBasic = await post(url, undefined, amPayload([{ fingerprint: `b-${token.slice(-6)}` }]), {
      authorization: basic('sns', token),
    });
    expect(viaBasic.status).toBe(202);
    const viaQuery = await post(
      `${url}?token=${encodeURIComponent(token)}`,
      undefined,
      amPayload([{ fingerprint: `q-${token.slice(-6)}` }]),
    );
    expect(viaQuery.status).toBe(202);
    expect(await h.prisma.alert.count({ where: { fingerprint: { endsWith: token.slice(-6) } } })).toBe(2);

    const before = await ingestCounts(h.prisma);
    for (const headers of [
      { authorization: basic('sns', 'hro_ing_wrong') },
      { authorization: basic(token, '') },
      { authorization: 'Basic !!!' },
    ]) {
      const res = await post(url, undefined, amPayload([{ fingerprint: 'never' }]), headers);
      expect((await problem(res)).status).toBe(401);
    }
    expect((await post(`${url}?token=hro_ing_wrong`, undefined, amPayload([{ fingerprint: 'never' }]))).status).toBe(
      401,
    );
    expect(await ingestCounts(h.prisma)).toEqual(before);
  });

  it('a query token is scoped to its kind like a Bearer token', async () => {
    const { token } = await integration('generic');
    const res = await post(`${h.url}/api/v1/ingest/alertmanager?token=${token}`, undefined, amPayload([]));
    expect((await problem(res)).status).toBe(403);
  });

  it('never logs the query token (pino-http request serializer)', async () => {
    const { token } = await integration('generic');
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    // The real app with a logger we can read (the harness logs nowhere).
    const app = createApp({
      config: h.config,
      prisma: h.prisma,
      temporal: h.temporal,
      alertEvents: h.alertEvents,
      logger: pino({ level: 'info' }, sink),
      kickRouter: () => undefined,
    });
    const server: Server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const res = await post(`http://127.0.0.1:${port}/api/v1/ingest/generic?token=${token}&x=1`, undefined, {
        name: 'LogCheck',
        dedupKey: `log-${token.slice(-6)}`,
      });
      expect(res.status).toBe(202);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const log = lines.join('');
    expect(log).toContain('/api/v1/ingest/generic?token=%5Bredacted%5D&x=1');
    expect(log).toContain('"token":"[redacted]"');
    expect(log).not.toContain(token);
  });
});

describe('SNS replay check over HTTP', () => {
  it('an SNS envelope older than an hour is refused (400 naming Timestamp) and recorded; a fresh one lands', async () => {
    // SNS sends the URL's userinfo as HTTP Basic; signatures are off because AWS is unreachable here.
    const { id, token } = await integration('cloudwatch', { verifySignature: false });
    const envelope = (timestamp: string) =>
      JSON.stringify({
        Type: 'Notification',
        MessageId: randomBytes(8).toString('hex'),
        TopicArn: 'arn:aws:sns:eu-west-1:123456789012:alarms',
        Message: JSON.stringify({
          AlarmName: 'replayed',
          NewStateValue: 'ALARM',
          StateChangeTime: '2026-12-03T10:00:00.000+0000',
          AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:replayed',
        }),
        Timestamp: timestamp,
        SignatureVersion: '2',
        Signature: 'EXAMPLE',
        SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-x.pem',
      });
    const send = (timestamp: string) =>
      post(`${h.url}/api/v1/ingest/cloudwatch`, undefined, envelope(timestamp), {
        authorization: basic('hro', token),
        'content-type': 'text/plain; charset=UTF-8',
      });
    const before = await ingestCounts(h.prisma);
    const old = await send(new Date(Date.now() - 2 * 3600_000).toISOString());
    const p = await problem(old);
    expect(p.status).toBe(400);
    expect(p.errors?.[0]?.field).toBe('Timestamp');
    expect(await ingestCounts(h.prisma)).toEqual({ ...before, rejected: before.rejected + 1 });
    expect(await h.prisma.rejectedPayload.count({ where: { integrationId: id } })).toBe(1);
    expect((await send(new Date().toISOString())).status).toBe(202);
  });
});

describe('PagerDuty Events-API-shaped path', () => {
  const enqueue = (body: unknown, headers: Record<string, string> = {}) =>
    post(`${h.url}/api/v1/ingest/pagerduty/v2/enqueue`, undefined, body, headers);

  it('authenticates by routing_key and answers like PagerDuty; acknowledge/resolve by dedup_key', async () => {
    const { id, token } = await integration('pagerduty');
    const res = await enqueue({
      routing_key: token,
      event_action: 'trigger',
      dedup_key: 'disk/db-2',
      payload: { summary: 'Disk full on db-2', source: 'db-2', severity: 'critical', component: 'postgres' },
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'disk/db-2' });
    const fingerprint = `pagerduty:${id}:disk/db-2`;
    expect(await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint } })).toMatchObject({
      status: 'firing',
      severity: 'critical',
      service: 'postgres',
      resource: 'db-2',
    });
    // X-Routing-Key works as well, for senders that keep the key out of the body.
    const ack = await enqueue({ event_action: 'acknowledge', dedup_key: 'disk/db-2' }, { 'x-routing-key': token });
    expect(ack.status).toBe(202);
    const resolve = await enqueue({ routing_key: token, event_action: 'resolve', dedup_key: 'disk/db-2' });
    expect(resolve.status).toBe(202);
    const stored = await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint } });
    expect(stored.status).toBe('resolved');
    expect(stored.labels).toEqual({ source: 'db-2', component: 'postgres' });
    const events = await h.prisma.alertEvent.findMany({ where: { alertId: stored.id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.kind)).toEqual(['fired', 'acknowledged', 'resolved']);
  });

  it('refuses a missing or wrong routing key (401 naming routing_key) and a token of another kind (403)', async () => {
    const { token: grafana } = await integration('grafana');
    const before = await ingestCounts(h.prisma);
    const event = { event_action: 'trigger', payload: { summary: 's', source: 'h', severity: 'info' } };
    for (const body of [event, { ...event, routing_key: 'R0UT1NGKEY-from-pagerduty' }]) {
      const res = await enqueue(body);
      const p = await problem(res);
      expect(p.status).toBe(401);
      expect(p.errors?.[0]?.field).toBe('routing_key');
    }
    expect((await problem(await enqueue({ ...event, routing_key: grafana }))).status).toBe(403);
    expect((await problem(await enqueue('{"routing_key":'))).status).toBe(400);
    expect(await ingestCounts(h.prisma)).toEqual(before);
  });

  it('resolves an alert whose sender clock runs ahead of ours', async () => {
    const { id, token } = await integration('pagerduty');
    const ahead = new Date(Date.now() + 10 * 60_000).toISOString();
    const payload = { summary: 'Queue stuck', source: 'mq-1', severity: 'error', timestamp: ahead };
    await enqueue({ routing_key: token, event_action: 'trigger', dedup_key: 'mq/stuck', payload });
    expect((await enqueue({ routing_key: token, event_action: 'resolve', dedup_key: 'mq/stuck' })).status).toBe(202);
    const row = await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint: `pagerduty:${id}:mq/stuck` } });
    expect(row.status).toBe('resolved');
    expect(row.endsAt).toEqual(row.resolvedAt);
  });

  it('an invalid event with a valid key is refused naming the field and recorded', async () => {
    const { id, token } = await integration('pagerduty');
    const res = await enqueue({ routing_key: token, event_action: 'snooze', dedup_key: 'x' });
    const p = await problem(res);
    expect(p.status).toBe(400);
    expect(p.errors?.map((e) => e.field)).toContain('event_action');
    const rows = await h.prisma.rejectedPayload.findMany({ where: { integrationId: id } });
    expect(rows).toHaveLength(1);
    // The routing key is the integration token: the kept payload must not leak it.
    expect(rows[0]!.payload).not.toContain(token);
    expect(JSON.parse(rows[0]!.payload)).toEqual({ routing_key: '[redacted]', event_action: 'snooze', dedup_key: 'x' });
  });

  it('a malformed body sent with a Bearer token is kept without its routing key', async () => {
    const { id, token } = await integration('pagerduty');
    const res = await post(`${h.url}/api/v1/ingest/pagerduty`, token, `{"routing_key" : "${token}", "payload": {`);
    expect((await problem(res)).status).toBe(400);
    const row = await h.prisma.rejectedPayload.findFirstOrThrow({ where: { integrationId: id } });
    expect(row.payload).toBe('{"routing_key" : "[redacted]", "payload": {');
  });

  it('the body limit applies before the routing key is read', async () => {
    const big = JSON.stringify({ routing_key: 'x', pad: 'y'.repeat(h.config.ingestMaxBytes) });
    const res = await enqueue(big);
    expect((await problem(res)).status).toBe(413);
  });
});

describe('NUL characters', () => {
  it('are stripped from every stored field of every provider (here alertmanager and generic)', async () => {
    const NUL = String.fromCharCode(0);
    const { token: am } = await integration('alertmanager');
    const payload = amPayload([{ fingerprint: `nul${NUL}fp`, labels: { [`te${NUL}am`]: `o${NUL}ps` } }]);
    payload.alerts[0]!.annotations = { summary: `p99${NUL} above 2s` };
    const res = await post(`${h.url}/api/v1/ingest/alertmanager`, am, payload);
    expect(res.status).toBe(202);
    const stored = await h.prisma.alert.findFirstOrThrow({ where: { fingerprint: { contains: 'nulfp' } } });
    expect(stored.labels).toMatchObject({ team: 'ops' });
    expect(stored.summary).toBe('p99 above 2s');

    const { token: generic } = await integration('generic');
    const g = await post(`${h.url}/api/v1/ingest/generic`, generic, {
      name: `Disk${NUL}Full`,
      dedupKey: `nul-generic-${generic.slice(-6)}`,
      description: `a${NUL}b`,
    });
    expect(g.status).toBe(202);
    const row = await h.prisma.alert.findFirstOrThrow({ where: { name: 'DiskFull' } });
    expect(row.description).toBe('ab');
  });
});

describe('integration config validation (admin API)', () => {
  const admin$ = (method: string, path: string, body: unknown) =>
    fetch(`${h.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('refuses a broken mapping or cloudwatch config on create with 422 naming the field', async () => {
    const bad = await admin$('POST', '/integrations', {
      name: 'zabbix',
      kind: 'mapping',
      config: { fields: { name: '$.a[', status: '$.state' }, statusMap: { BAD: 'exploded' } },
    });
    const p = await problem(bad);
    expect(p.status).toBe(422);
    expect(p.errors?.map((e) => e.field)).toEqual(
      expect.arrayContaining(['body.config.fields.name', 'body.config.statusMap.BAD']),
    );
    const missing = await admin$('POST', '/integrations', { name: 'zabbix', kind: 'mapping' });
    expect((await problem(missing)).errors?.map((e) => e.field)).toContain('body.config.fields');
    const cw = await admin$('POST', '/integrations', {
      name: 'sns',
      kind: 'cloudwatch',
      config: { alarmSeverity: 'meh', maxMessageAgeSeconds: 5 },
    });
    expect((await problem(cw)).errors?.map((e) => e.field).sort()).toEqual([
      'body.config.alarmSeverity',
      'body.config.maxMessageAgeSeconds',
    ]);
    expect(await h.prisma.integration.count({ where: { name: { in: ['zabbix', 'sns'] } } })).toBe(0);
  });

  it('accepts a valid config (stored as sent) and validates config updates against the kind', async () => {
    const config = { fields: { name: '$.check', status: '$.state' }, statusMap: { BAD: 'firing' } };
    const created = await admin$('POST', '/integrations', { name: 'nagios-ish', kind: 'mapping', config });
    expect(created.status).toBe(201);
    const { integration: row } = (await created.json()) as { integration: { id: string; config: unknown } };
    expect(row.config).toEqual(config);
    const badPatch = await admin$('PATCH', `/integrations/${row.id}`, { config: { fields: {} } });
    const p = await problem(badPatch);
    expect(p.status).toBe(422);
    expect(p.errors?.map((e) => e.field)).toContain('body.config.fields.name');
    const okPatch = await admin$('PATCH', `/integrations/${row.id}`, { config: { fields: { name: '$.x' } } });
    expect(okPatch.status).toBe(200);
    // Kinds without a config schema keep accepting any object.
    const am = await admin$('POST', '/integrations', { name: 'am-any', kind: 'alertmanager', config: { note: 1 } });
    expect(am.status).toBe(201);
  });
});
