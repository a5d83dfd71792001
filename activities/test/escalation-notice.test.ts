import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { PrismaClient } from '@hro/db';
import { catalogOf, createActivities, type EscalationNotice } from '../src';

// notifyEscalation against a real local webhook receiver (node:http): what it sends, that a
// failed answer throws (so Temporal retries), and that nothing is sent without a URL.

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Receiver {
  /** A webhook URL on this server; the path stands in for a token-bearing Slack URL. */
  url: string;
  received: Received[];
  /** Status code of the next answers. */
  status: number;
  close(): Promise<void>;
}

const SECRET_PATH = '/services/T0000/B0000/s3cr3t-t0ken';

async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const state = { status: 200 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(state.status, { 'content-type': 'text/plain' }).end(state.status < 300 ? 'ok' : 'boom');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${SECRET_PATH}`,
    received,
    get status() {
      return state.status;
    },
    set status(code: number) {
      state.status = code;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Log lines as parsed JSON objects (pino writes one per line). */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { logger, lines };
}

function activities(opts: { escalationWebhookUrl?: string; publicUrl?: string }, logger = pino({ level: 'silent' })) {
  // notifyEscalation never touches the database.
  const prisma = {} as PrismaClient;
  const publisher = { situationChanged: () => undefined, executionChanged: () => undefined };
  return createActivities({ prisma, publisher, catalog: catalogOf([]), logger, ...opts });
}

const INPUT = {
  situationId: 'sit-0123abcd',
  title: 'HighLatency on api (prod)',
  severity: 'critical',
  service: 'api',
  environment: 'prod',
  escalatesAt: '2026-12-03T12:15:00.000Z',
  expiresAt: '2026-12-03T13:00:00.000Z',
};

let receiver: Receiver;

beforeEach(async () => {
  receiver = await startReceiver();
});

afterEach(async () => {
  await receiver.close();
});

describe('notifyEscalation', () => {
  it('POSTs a chat line and the situation as JSON to the configured webhook', async () => {
    const { logger, lines } = capturingLogger();
    const { notifyEscalation } = activities(
      { escalationWebhookUrl: receiver.url, publicUrl: 'https://hro.example.com/' },
      logger,
    );
    await notifyEscalation(INPUT);

    expect(receiver.received).toHaveLength(1);
    const [req] = receiver.received;
    expect(req).toMatchObject({ method: 'POST', path: SECRET_PATH });
    expect(req!.headers['content-type']).toBe('application/json');
    const body = JSON.parse(req!.body) as EscalationNotice;
    const link = 'https://hro.example.com/responder/situations/sit-0123abcd';
    expect(body.text).toBe(
      `⚠ Situation escalated: HighLatency on api (prod) — no decision yet; expires 2026-12-03 13:00 UTC. ${link}`,
    );
    expect(body.situation).toEqual({
      id: 'sit-0123abcd',
      title: 'HighLatency on api (prod)',
      severity: 'critical',
      service: 'api',
      environment: 'prod',
      escalatesAt: '2026-12-03T12:15:00.000Z',
      expiresAt: '2026-12-03T13:00:00.000Z',
      url: link,
    });
    expect(Object.keys(body).sort()).toEqual(['situation', 'text']);
    expect(req!.body).not.toContain('s3cr3t');

    // The structured warning is still written, with the link and without the webhook URL.
    const warning = lines.find((l) => l.level === 40);
    expect(warning).toMatchObject({ situationId: 'sit-0123abcd', severity: 'critical', url: link });
    expect(JSON.stringify(lines)).not.toContain('s3cr3t');
    expect(lines.some((l) => l.msg === 'escalation notice sent')).toBe(true);
  });

  it('accepts the input older workflow runs send (no severity, service, environment, escalatesAt)', async () => {
    const { notifyEscalation } = activities({ escalationWebhookUrl: receiver.url });
    await notifyEscalation({ situationId: 'sit-old', title: 'Old run', expiresAt: null });
    const body = JSON.parse(receiver.received[0]!.body) as EscalationNotice;
    // Without HRO_PUBLIC_URL the link points at the API's default address.
    expect(body.text).toBe(
      '⚠ Situation escalated: Old run — no decision yet. http://localhost:3000/responder/situations/sit-old',
    );
    expect(body.situation).toEqual({
      id: 'sit-old',
      title: 'Old run',
      severity: null,
      service: null,
      environment: null,
      expiresAt: null,
      url: 'http://localhost:3000/responder/situations/sit-old',
    });
  });

  it('throws naming the status when the webhook answers 500, without the URL', async () => {
    receiver.status = 500;
    const { notifyEscalation } = activities({ escalationWebhookUrl: receiver.url });
    const err = await notifyEscalation(INPUT).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/^escalation webhook answered 500\b/);
    expect(err?.message).not.toContain('s3cr3t');
    expect(receiver.received).toHaveLength(1);
  });

  it('throws when the webhook cannot be reached, without the URL', async () => {
    const url = receiver.url;
    await receiver.close();
    const { notifyEscalation } = activities({ escalationWebhookUrl: url });
    const err = await notifyEscalation(INPUT).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/^escalation webhook unreachable: ECONNREFUSED/);
    expect(err?.message).not.toContain('s3cr3t');
  });

  it('sends nothing when no webhook is configured, and still logs the warning', async () => {
    const { logger, lines } = capturingLogger();
    const { notifyEscalation } = activities({}, logger);
    await notifyEscalation(INPUT);
    expect(receiver.received).toEqual([]);
    expect(lines.filter((l) => l.level === 40)).toHaveLength(1);
  });
});
