import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Emitter } from '@socket.io/postgres-emitter';
import { createPrisma, type PrismaClient } from '@hro/db';
import {
  ROOM_ALL,
  type AlertChangedEvent,
  type ExecutionChangedEvent,
  type ServerToClientEvents,
  type SituationChangedEvent,
  type SituationSummary,
} from '@hro/domain';
import { Pool } from 'pg';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { createAlertEvents, type AlertEvents } from '../src/alert-events';
import { SessionService } from '../src/auth/sessions';
import { attachRealtime, SOCKET_PATH, type Realtime } from '../src/realtime/realtime';
import { userSession } from './situations-fixtures';

// Two API nodes (two Socket.IO servers, each with its own Postgres adapter) on one
// database, plus the workers' Postgres emitter: what one publishes reaches clients on both.

interface Node {
  server: Server;
  pool: Pool;
  realtime: Realtime;
  alertEvents: AlertEvents;
  url: string;
}

let db: TestDatabase;
let prisma: PrismaClient;
let token: string;
let sessions: SessionService;
const nodes: Node[] = [];
const clients: Socket<ServerToClientEvents>[] = [];
const logger = pino({ level: 'silent' });

async function startNode(sessions: SessionService): Promise<Node> {
  const server = createServer();
  const pool = new Pool({ connectionString: db.url, max: 3 });
  const alertEvents = createAlertEvents();
  const realtime = attachRealtime({ httpServer: server, pool, sessions, logger, alertEvents, revalidateMs: 200 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const node = {
    server,
    pool,
    realtime,
    alertEvents,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  };
  nodes.push(node);
  return node;
}

function client(
  url: string,
  opts: { token?: string; cookie?: string; origin?: string } = {},
): Socket<ServerToClientEvents> {
  const socket: Socket<ServerToClientEvents> = connect(url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    reconnection: false,
    ...(opts.token ? { auth: { token: opts.token } } : {}),
    ...(opts.cookie ? { extraHeaders: { cookie: opts.cookie, ...(opts.origin ? { origin: opts.origin } : {}) } } : {}),
  });
  clients.push(socket);
  return socket;
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

/** Resolves with the first event of `name` matching `match`; re-emits with `send` until then. */
async function receive<E>(
  socket: Socket<ServerToClientEvents>,
  name: keyof ServerToClientEvents,
  match: (e: E) => boolean,
  send: () => void,
): Promise<E> {
  // The adapter subscribes (LISTEN) asynchronously after start, so an early publish may go
  // unheard: publish every 200 ms until the event arrives or the test times out.
  return new Promise<E>((resolve) => {
    const timer = setInterval(send, 200);
    const handler = (e: E) => {
      if (!match(e)) return;
      clearInterval(timer);
      socket.off(name, handler as never);
      resolve(e);
    };
    socket.on(name, handler as never);
    send();
  });
}

/**
 * The emitter publishes fire-and-forget; a publish still in flight when its pool ends fails
 * inside the emitter as an unhandled rejection, so let the last ones settle first.
 */
async function endEmitterPool(pool: Pool): Promise<void> {
  await new Promise((r) => setTimeout(r, 300));
  await pool.end();
}

const summary = (id: string, version: number): SituationSummary => ({
  id,
  workflowId: id,
  title: 'API latency',
  state: 'awaiting_approval',
  severity: 'high',
  service: 'api',
  environment: 'prod',
  alertCount: 2,
  firingCount: 2,
  escalated: false,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  escalatesAt: null,
  expiresAt: null,
  runbookId: null,
  version,
  closed: false,
});

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma(db.url, { max: 3 });
  sessions = new SessionService(prisma, 3600_000);
  token = (await userSession(prisma, sessions, 'viewer@example.test', 'viewer')).token;
  await startNode(sessions);
  await startNode(sessions);
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  for (const n of nodes) {
    await n.realtime.close();
    n.server.closeAllConnections();
    await new Promise((r) => n.server.close(r));
    await n.pool.end();
  }
  await prisma.$disconnect();
  await db.drop();
});

jest.setTimeout(60_000);

describe('Socket.IO across two API nodes on the Postgres adapter', () => {
  it('refuses sockets without a valid session', async () => {
    const [a] = nodes;
    await expect(connected(client(a!.url))).rejects.toThrow(/unauthorized/);
    await expect(connected(client(a!.url, { token: 'hro_ses_forged' }))).rejects.toThrow(/unauthorized/);
    await expect(connected(client(a!.url, { cookie: 'hro_session=hro_ses_forged' }))).rejects.toThrow(/unauthorized/);
  });

  it('refuses the session cookie from another origin, accepts it from its own', async () => {
    const [a] = nodes;
    const cookie = `hro_session=${encodeURIComponent(token)}`;
    await expect(connected(client(a!.url, { cookie, origin: 'https://evil.example.com' }))).rejects.toThrow(
      /cross-origin/,
    );
    await expect(connected(client(a!.url, { cookie, origin: a!.url }))).resolves.toBeUndefined();
  });

  it('delivers an event emitted by a worker (postgres-emitter) to clients on both nodes', async () => {
    const [a, b] = nodes;
    const onA = client(a!.url, { token });
    const onB = client(b!.url, { cookie: `hro_session=${encodeURIComponent(token)}` });
    await Promise.all([connected(onA), connected(onB)]);
    const emitterPool = new Pool({ connectionString: db.url, max: 1 });
    try {
      const emitter = new Emitter<ServerToClientEvents>(emitterPool);
      const event: SituationChangedEvent = { situation: summary('sit-rt-1', 3), version: 3 };
      const send = () => void emitter.to(ROOM_ALL).emit('situation.changed', event);
      const isIt = (e: SituationChangedEvent) => e.situation.id === 'sit-rt-1';
      const [gotA, gotB] = await Promise.all([
        receive(onA, 'situation.changed', isIt, send),
        receive(onB, 'situation.changed', isIt, send),
      ]);
      expect(gotA).toEqual(event);
      expect(gotB).toEqual(event);
    } finally {
      await endEmitterPool(emitterPool);
    }
  });

  it('delivers large events (step output through the attachments table) too', async () => {
    const [a] = nodes;
    const onA = client(a!.url, { token });
    await connected(onA);
    const emitterPool = new Pool({ connectionString: db.url, max: 1 });
    try {
      const emitter = new Emitter<ServerToClientEvents>(emitterPool);
      const event: ExecutionChangedEvent = {
        situationId: 'sit-rt-2',
        version: 7,
        step: {
          index: 0,
          name: 'restart',
          phase: 'apply',
          status: 'succeeded',
          attempts: 1,
          output: 'x'.repeat(16_384),
          error: null,
          startedAt: null,
          finishedAt: null,
        },
      };
      const got = await receive<ExecutionChangedEvent>(
        onA,
        'execution.changed',
        (e) => e.situationId === 'sit-rt-2',
        () => void emitter.to(ROOM_ALL).emit('execution.changed', event),
      );
      expect(got).toEqual(event);
    } finally {
      await endEmitterPool(emitterPool);
    }
  });

  it('disconnects a socket once its session ends (logout)', async () => {
    const [a] = nodes;
    const other = (await userSession(prisma, sessions, 'leaver@example.test', 'viewer')).token;
    const socket = client(a!.url, { token: other });
    await connected(socket);
    const reason = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await sessions.revoke(other);
    expect(await reason).toBe('io server disconnect');
  });

  it("fans ingest's alert.changed hook on one node out to clients on the other", async () => {
    const [a, b] = nodes;
    const onB = client(b!.url, { token });
    await connected(onB);
    const event: AlertChangedEvent = {
      alertId: 'a-1',
      situationId: null,
      fingerprint: 'fp-1',
      source: 'alertmanager',
      name: 'HighLatency',
      service: 'api',
      status: 'firing',
      severity: 'high',
      duplicate: false,
      at: new Date().toISOString(),
    };
    const got = await receive<AlertChangedEvent>(
      onB,
      'alert.changed',
      (e) => e.alertId === 'a-1',
      () => a!.alertEvents.emit([event]),
    );
    expect(got).toEqual(event);
  });
});
