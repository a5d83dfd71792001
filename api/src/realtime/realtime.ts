import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/postgres-adapter';
import {
  ROOM_ALL,
  type Actor,
  type AlertChangedEvent,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@hro/domain';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import { bearerToken, sessionToken } from '../auth/credentials';
import type { AlertEvents } from '../alert-events';
import { startEmitterBridge } from './emitter-bridge';

/** Per-socket data: the authenticated actor and the session it came with. */
export interface SocketData {
  actor: Actor;
  token: string;
}
type InterServerEvents = Record<string, never>;
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface RealtimeDeps {
  httpServer: HttpServer;
  /** A dedicated pool: the adapter holds one connection for LISTEN for its whole life. */
  pool: Pool;
  /** The same session resolution REST uses (SessionService.resolve). */
  sessions: { resolve(token: string): Promise<Actor | null> };
  logger: Logger;
  /** When given, ingest's `alert.changed` events are fanned out to every API node. */
  alertEvents?: AlertEvents;
  /** How often open sockets' sessions are re-checked (logout, expiry, disabled user). */
  revalidateMs?: number;
}

export interface Realtime {
  io: RealtimeServer;
  /** Broadcasts alert changes to every client on every API node. */
  emitAlertChanged(events: AlertChangedEvent[]): void;
  /** Disconnects sockets and stops listening; leaves the http server to its owner. */
  close(): Promise<void>;
}

export const SOCKET_PATH = '/socket.io';

/**
 * A handshake that authenticates with the session cookie must come from this server's own
 * pages: the SameSite=Lax cookie also rides along from a same-site sibling host, which could
 * otherwise open a socket as the user. Explicit tokens (auth.token, Bearer) are not ambient.
 */
function crossOriginCookieHandshake(socket: RealtimeSocket): boolean {
  const auth = socket.handshake.auth as { token?: unknown } | undefined;
  if ((typeof auth?.token === 'string' && auth.token !== '') || bearerToken(socket.handshake.headers)) return false;
  const origin = socket.handshake.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== socket.handshake.headers.host;
  } catch {
    return true;
  }
}

function handshakeToken(socket: RealtimeSocket): string | undefined {
  const auth = socket.handshake.auth as { token?: unknown } | undefined;
  if (typeof auth?.token === 'string' && auth.token !== '') return auth.token;
  return sessionToken(socket.handshake.headers);
}

/**
 * A socket outlives the request that opened it: sessions that ended since (logout, expiry,
 * a disabled user) are disconnected, each distinct token resolved once per sweep.
 */
async function revalidateSessions(io: RealtimeServer, deps: RealtimeDeps): Promise<void> {
  const verdicts = new Map<string, Promise<Actor | null>>();
  for (const socket of io.of('/').sockets.values()) {
    const token = socket.data.token;
    let verdict = verdicts.get(token);
    if (!verdict) {
      verdict = deps.sessions.resolve(token).catch(() => socket.data.actor); // keep on DB hiccups
      verdicts.set(token, verdict);
    }
    if (!(await verdict)) socket.disconnect(true);
  }
}

/**
 * Attaches Socket.IO at `/socket.io`. The namespace middleware authenticates the same
 * session as REST (`hro_session` cookie or `auth.token`) and refuses anonymous sockets;
 * accepted sockets join ROOM_ALL. The Postgres adapter shares broadcasts between API nodes
 * and receives what the workers publish with the Postgres emitter.
 */
export function attachRealtime(deps: RealtimeDeps): Realtime {
  const io: RealtimeServer = new Server(deps.httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    adapter: createAdapter(deps.pool, {
      errorHandler: (err) => deps.logger.warn({ err }, 'socket.io postgres adapter error'),
    }),
  });

  io.use((socket, next) => {
    if (crossOriginCookieHandshake(socket)) return next(new Error('forbidden: cross-origin use of the session cookie'));
    const token = handshakeToken(socket);
    if (!token) return next(new Error('unauthorized: a session is required'));
    deps.sessions.resolve(token).then(
      (actor) => {
        if (!actor) return next(new Error('unauthorized: the session is invalid or expired'));
        socket.data.actor = actor;
        socket.data.token = token;
        next();
      },
      (err: unknown) => {
        deps.logger.error({ err }, 'socket authentication failed');
        next(new Error('authentication unavailable'));
      },
    );
  });

  io.on('connection', (socket) => {
    void socket.join(ROOM_ALL);
    deps.logger.debug({ userId: socket.data.actor.userId, socketId: socket.id }, 'socket connected');
  });

  const emitAlertChanged = (events: AlertChangedEvent[]): void => {
    for (const e of events) io.to(ROOM_ALL).emit('alert.changed', e);
  };
  const unsubscribe = deps.alertEvents?.subscribe(emitAlertChanged);
  const bridge = startEmitterBridge({ pool: deps.pool, io, logger: deps.logger });
  const revalidate = setInterval(() => void revalidateSessions(io, deps), deps.revalidateMs ?? 60_000);
  revalidate.unref();

  return {
    io,
    emitAlertChanged,
    close: async () => {
      unsubscribe?.();
      clearInterval(revalidate);
      await bridge.close();
      // Not io.close(): that would also close the http server, which the API's own close()
      // drains. Closing the adapter releases its LISTEN client; the pool is the caller's.
      io.disconnectSockets(true);
      await io.of('/').adapter.close();
      io.engine.close();
    },
  };
}
