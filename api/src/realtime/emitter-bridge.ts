import { decode } from '@msgpack/msgpack';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { RealtimeServer } from './realtime';

// Why this exists: @socket.io/postgres-emitter 0.1.1 publishes cluster messages without a
// top-level `nsp`, and @socket.io/postgres-adapter 0.5 (socket.io-adapter 2.5) drops every
// message whose `nsp` does not match a namespace — so worker events would never reach a
// client. The bridge listens on the same channel and delivers exactly those nsp-less
// emitter broadcasts to this node's own sockets. Messages that carry `nsp` are left to the
// adapter, so a fixed emitter can never cause double delivery.

const EMITTER_UID = 'emitter';
const BROADCAST = 3; // socket.io-adapter MessageType.BROADCAST
const RECONNECT_MS = 2_000;

interface EmitterMessage {
  uid?: string;
  nsp?: string;
  type?: number;
  attachmentId?: string;
  data?: {
    requestId?: string;
    packet?: { data?: unknown[] };
    opts?: { rooms?: string[]; except?: string[] };
  };
}

export interface EmitterBridge {
  close(): Promise<void>;
}

/** Relays postgres-emitter broadcasts (workers) to this node's clients on namespace `/`. */
export function startEmitterBridge(deps: {
  pool: Pool;
  io: RealtimeServer;
  logger: Logger;
  channelPrefix?: string;
  tableName?: string;
}): EmitterBridge {
  const channel = `${deps.channelPrefix ?? 'socket.io'}#/`;
  const table = deps.tableName ?? 'socket_io_attachments';
  let client: PoolClient | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const deliver = (m: EmitterMessage): void => {
    if (m.uid !== EMITTER_UID || m.nsp !== undefined || m.type !== BROADCAST) return;
    // Acknowledged broadcasts need a cluster round trip the emitter cannot take part in.
    if (m.data?.requestId !== undefined) return;
    const [event, ...args] = m.data?.packet?.data ?? [];
    if (typeof event !== 'string') return;
    const rooms = m.data?.opts?.rooms ?? [];
    const except = m.data?.opts?.except ?? [];
    let target = deps.io.local.except(except);
    if (rooms.length > 0) target = target.to(rooms);
    // Event names and payloads are the shared ServerToClientEvents; the worker typed them.
    (target.emit as (ev: string, ...a: unknown[]) => boolean)(event, ...args);
  };

  const onNotification = async (payload: string | undefined): Promise<void> => {
    if (!payload) return;
    let m = JSON.parse(payload) as EmitterMessage;
    if (m.uid !== EMITTER_UID || m.nsp !== undefined) return;
    if (m.attachmentId) {
      // Large or binary payloads (e.g. step output) travel through the attachments table.
      const r = await deps.pool.query<{ payload: Buffer }>(`SELECT payload FROM ${table} WHERE id = $1`, [
        m.attachmentId,
      ]);
      const row = r.rows[0];
      if (!row) return;
      m = decode(row.payload) as EmitterMessage;
    }
    deliver(m);
  };

  const schedule = (): void => {
    if (closed) return;
    timer = setTimeout(() => void connect(), RECONNECT_MS);
  };

  // The listening connection's owner: one release, however a drop and close() interleave
  // (Postgres stopping during shutdown fires 'error' while close() is still UNLISTENing).
  let release: (() => void) | undefined;

  const connect = async (): Promise<void> => {
    try {
      const c = await deps.pool.connect();
      let released = false;
      const releaseThis = (): void => {
        if (released) return;
        released = true;
        c.release(true);
      };
      c.on('notification', (n) => {
        onNotification(n.payload).catch((err: unknown) => deps.logger.warn({ err }, 'emitter bridge: bad message'));
      });
      c.on('error', (err) => {
        if (!closed) deps.logger.warn({ err }, 'emitter bridge: connection lost; reconnecting');
        releaseThis();
        if (client === c) client = undefined;
        schedule();
      });
      await c.query(`LISTEN "${channel}"`);
      if (closed) {
        releaseThis();
        return;
      }
      client = c;
      release = releaseThis;
    } catch (err) {
      if (!closed) deps.logger.warn({ err }, 'emitter bridge: cannot listen; retrying');
      schedule();
    }
  };

  void connect();

  return {
    close: async () => {
      closed = true;
      clearTimeout(timer);
      const c = client;
      client = undefined;
      if (c) {
        await c.query(`UNLISTEN "${channel}"`).catch(() => undefined);
        release?.();
      }
    },
  };
}
