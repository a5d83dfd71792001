import { acknowledge, event, resolve, trigger } from '@pagerduty/pdjs';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { temporalAddress } from '../../test/support/env';
import { ingestCounts, ingestToken, startHarness, type ApiHarness } from './support/api-harness';
import { selfSignedCertificate } from './support/self-signed';

// PagerDuty's official JS client (@pagerduty/pdjs) sending Events API v2 events, unchanged,
// to our PagerDuty-shaped path. pdjs always speaks https://${server}/v2/enqueue, so a
// node:https proxy with a throwaway self-signed certificate stands in for the TLS-terminating
// load balancer of a real deployment; pdjs trusts that certificate through its own `agent`.

jest.setTimeout(120_000);

// pdjs's index does not re-export its types: take them from its functions.
type EventParameters = Parameters<typeof event>[0];
type EventPayloadV2 = EventParameters['data'];
type EventResponse = Awaited<ReturnType<typeof event>>;

let h: ApiHarness;
let token: string;
let integrationId: string;
let proxy: https.Server;
let upstreamAgent: http.Agent;
let agent: https.Agent;
let server: string;
/** What the proxy forwarded: proof that the requests came over TLS from pdjs. */
const forwarded: { method?: string; url?: string; userAgent?: string }[] = [];

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase())));
}

/** Forwards every request (method, path, headers, body) to `target` and streams the answer back. */
function forwardTo(target: URL) {
  return (req: IncomingMessage, res: ServerResponse) => {
    forwarded.push({ method: req.method, url: req.url, userAgent: req.headers['user-agent'] });
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        agent: upstreamAgent,
        headers: {
          ...endToEnd(req.headers),
          'x-forwarded-proto': 'https',
          'x-forwarded-for': req.socket.remoteAddress ?? '',
        },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${err.message}`);
    });
    req.pipe(upstream);
  };
}

beforeAll(async () => {
  h = await startHarness({ temporalAddress: temporalAddress(), router: { sweepMs: 3_600_000, debounceMs: 3_600_000 } });
  token = await ingestToken(h.prisma, 'pagerduty');
  integrationId = (await h.prisma.integration.findFirstOrThrow({ where: { kind: 'pagerduty' } })).id;

  const { keyPem, certPem: cert } = selfSignedCertificate('/CN=127.0.0.1', ['subjectAltName=IP:127.0.0.1']);

  upstreamAgent = new http.Agent({ keepAlive: false });
  proxy = https.createServer({ key: keyPem, cert }, forwardTo(new URL(h.url)));
  await new Promise<void>((ok, fail) => {
    proxy.once('error', fail);
    proxy.listen(0, '127.0.0.1', ok);
  });
  const port = (proxy.address() as AddressInfo).port;
  server = `127.0.0.1:${port}/api/v1/ingest/pagerduty`;
  // Trusts exactly this certificate, for pdjs's requests only: TLS verification stays on.
  agent = new https.Agent({ ca: cert, keepAlive: false });
});

afterAll(async () => {
  agent?.destroy();
  if (proxy) {
    proxy.closeAllConnections();
    await new Promise<void>((ok) => proxy.close(() => ok()));
  }
  upstreamAgent?.destroy();
  await h?.close();
});

type Send = (params: EventParameters) => Promise<EventResponse>;

/**
 * Calls a pdjs function with our server and the agent that trusts our certificate. pdjs
 * spreads extra parameters into cross-fetch (node-fetch), which honours `agent`; its
 * RequestInit typing does not know the option, hence the spread.
 */
function send(fn: Send, data: EventPayloadV2): Promise<EventResponse> {
  const tls = { agent };
  return fn({ server, data, ...tls });
}

/**
 * pdjs types `payload` as required for every action, but PagerDuty's acknowledge and resolve
 * carry only the key (and the client sends whatever it is given).
 */
function keyOnly(routingKey: string, dedupKey: string): EventPayloadV2 {
  return { routing_key: routingKey, dedup_key: dedupKey } as EventPayloadV2;
}

const fingerprint = (key: string) => `pagerduty:${integrationId}:${key}`;

describe('@pagerduty/pdjs → /api/v1/ingest/pagerduty/v2/enqueue over TLS', () => {
  it('triggers, acknowledges and resolves one alert by dedup_key', async () => {
    const before = await ingestCounts(h.prisma);
    const startsAt = new Date(Date.now() - 60_000);
    // PagerDuty's documented timestamp form: 2015-07-17T08:42:58.315+0000.
    const timestamp = startsAt.toISOString().replace('Z', '+0000');
    const fired = await send(trigger, {
      routing_key: token,
      event_action: 'trigger',
      dedup_key: 'pg-primary/disk',
      payload: {
        summary: 'Disk 95% full on pg-primary',
        source: 'pg-primary.prod.internal',
        severity: 'error',
        timestamp,
        component: 'postgres',
        group: 'db-cluster-1',
        class: 'disk',
        custom_details: { service: 'checkout', environment: 'prod', free_gb: 3 },
      },
      links: [{ href: 'https://grafana.example/d/disk', text: 'Disk dashboard' }],
    });
    expect(fired.status).toBe(202);
    expect(fired.data).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'pg-primary/disk' });

    const fp = fingerprint('pg-primary/disk');
    const alert = await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint: fp } });
    expect(alert).toMatchObject({
      source: 'pagerduty',
      integrationId,
      status: 'firing',
      severity: 'high', // error → high
      name: 'disk', // payload.class
      summary: 'Disk 95% full on pg-primary',
      service: 'checkout', // custom_details.service before component/group
      environment: 'prod',
      resource: 'pg-primary.prod.internal', // payload.source
      generatorUrl: 'https://grafana.example/d/disk', // links[0].href
      labels: { source: 'pg-primary.prod.internal', component: 'postgres', group: 'db-cluster-1', class: 'disk' },
      annotations: { 'details.service': 'checkout', 'details.environment': 'prod', 'details.free_gb': '3' },
      resolvedAt: null,
    });
    expect(alert.startsAt?.toISOString()).toBe(startsAt.toISOString());
    // routing_key is the integration's secret: it is never stored on the alert.
    expect(JSON.stringify(alert)).not.toContain(token);

    const acked = await send(acknowledge, keyOnly(token, 'pg-primary/disk'));
    expect(acked.status).toBe(202);
    expect(acked.data).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'pg-primary/disk' });
    const afterAck = await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint: fp } });
    expect(afterAck).toMatchObject({
      status: 'acknowledged',
      severity: 'high',
      name: 'disk',
      labels: alert.labels,
      annotations: alert.annotations,
    });

    const resolved = await send(resolve, keyOnly(token, 'pg-primary/disk'));
    expect(resolved.status).toBe(202);
    expect(resolved.data).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'pg-primary/disk' });
    const afterResolve = await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint: fp } });
    expect(afterResolve).toMatchObject({ status: 'resolved', labels: alert.labels, name: 'disk' });
    expect(afterResolve.resolvedAt).not.toBeNull();
    expect(afterResolve.endsAt).not.toBeNull();

    expect(await ingestCounts(h.prisma)).toEqual({
      alerts: before.alerts + 1,
      events: before.events + 3,
      outbox: before.outbox + 3,
      rejected: before.rejected,
    });
  });

  it('answers a keyless trigger with the generated dedup_key, which then resolves it', async () => {
    const data: EventPayloadV2 = {
      routing_key: token,
      event_action: 'trigger',
      payload: { summary: 'Queue backlog above 10k', source: 'worker-7', severity: 'warning', component: 'jobs' },
    };
    const first = await send(event, data);
    expect(first.status).toBe(202);
    expect(first.data).toEqual({
      status: 'success',
      message: 'Event processed',
      dedup_key: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const key = (first.data as { dedup_key: string }).dedup_key;
    const alert = await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint: fingerprint(key) } });
    expect(alert).toMatchObject({
      status: 'firing',
      severity: 'warning',
      name: 'Queue backlog above 10k', // no class: the summary
      service: 'jobs', // no custom_details.service: the component
      resource: 'worker-7',
    });

    // A retried keyless trigger gets the same key: one alert, counted twice.
    const retried = await send(event, data);
    expect((retried.data as { dedup_key: string }).dedup_key).toBe(key);
    expect((await h.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } })).count).toBe(2);

    const resolved = await send(resolve, keyOnly(token, key));
    expect(resolved.status).toBe(202);
    expect(resolved.data).toEqual({ status: 'success', message: 'Event processed', dedup_key: key });
    expect(await h.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      status: 'resolved',
    });
  });

  it('refuses a wrong routing_key with 401 naming routing_key, storing nothing', async () => {
    const before = await ingestCounts(h.prisma);
    const res = await send(trigger, {
      routing_key: 'not-an-integration-token',
      event_action: 'trigger',
      dedup_key: 'wrong-key',
      payload: { summary: 'should not land', source: 'nowhere', severity: 'critical' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.data).toMatchObject({
      status: 401,
      title: 'Unauthorized',
      errors: [{ field: 'routing_key', message: 'Unknown integration token.' }],
    });
    expect(await ingestCounts(h.prisma)).toEqual(before);
    expect(await h.prisma.alert.count({ where: { fingerprint: fingerprint('wrong-key') } })).toBe(0);
  });

  it('refuses an unknown severity with 400 naming payload.severity', async () => {
    const before = await ingestCounts(h.prisma);
    const res = await send(trigger, {
      routing_key: token,
      event_action: 'trigger',
      dedup_key: 'bad-severity',
      // Outside PagerDuty's four severities (pdjs's own type forbids it too).
      payload: { summary: 'fatal', source: 'api-1', severity: 'fatal' as EventPayloadV2['payload']['severity'] },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.data).toMatchObject({
      status: 400,
      title: 'Invalid alert payload',
      errors: [{ field: 'payload.severity', message: expect.stringContaining('unknown severity "fatal"') }],
    });
    // Authenticated, so the refusal is recorded for inspection; no alert is created.
    expect(await ingestCounts(h.prisma)).toEqual({ ...before, rejected: before.rejected + 1 });
    expect(await h.prisma.alert.count({ where: { fingerprint: fingerprint('bad-severity') } })).toBe(0);
  });

  it('is refused by TLS without the agent that trusts our CA (verification stays on)', async () => {
    const before = await ingestCounts(h.prisma);
    const data: EventPayloadV2 = {
      routing_key: token,
      event_action: 'trigger',
      dedup_key: 'untrusted',
      payload: { summary: 'untrusted', source: 'api-1', severity: 'info' },
    };
    // requestTimeout 0: pdjs clears its timeout timer only when a response arrives.
    await expect(trigger({ server, data, requestTimeout: 0 })).rejects.toThrow(/self[- ]signed certificate/);
    expect(await ingestCounts(h.prisma)).toEqual(before);
  });

  it('went through the TLS proxy, from pdjs, to the enqueue path only', () => {
    expect(forwarded).toHaveLength(8);
    for (const r of forwarded) {
      expect(r).toEqual({
        method: 'POST',
        url: '/api/v1/ingest/pagerduty/v2/enqueue',
        userAgent: expect.stringMatching(/^pdjs\//),
      });
    }
  });
});
