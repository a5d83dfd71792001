import { Emitter } from '@socket.io/postgres-emitter';
import {
  ROOM_ALL,
  type ExecutionChangedEvent,
  type ServerToClientEvents,
  type SituationChangedEvent,
} from '@hro/domain';
import { Pool } from 'pg';

/** Realtime events the activities publish; API nodes fan them out over Socket.IO. */
export interface Publisher {
  situationChanged(e: SituationChangedEvent): void;
  executionChanged(e: ExecutionChangedEvent): void;
}

/**
 * Publishes through Postgres NOTIFY with the Socket.IO Postgres emitter, so every API node
 * (each on the Postgres adapter) receives the event. Fire-and-forget: the projection in
 * Postgres is the source of truth and clients refetch after a reconnect.
 */
export function createPostgresPublisher(pool: Pool, onError: (err: Error) => void = () => undefined): Publisher {
  const emitter = new Emitter<ServerToClientEvents>(failSoft(pool, onError));
  return {
    situationChanged: (e) => void emitter.to(ROOM_ALL).emit('situation.changed', e),
    executionChanged: (e) => void emitter.to(ROOM_ALL).emit('execution.changed', e),
  };
}

/**
 * The emitter answers a failed publish by broadcasting an "error" event through the same
 * pool, which fails again while Postgres is down and loops. Failures therefore stop at the
 * pool boundary: reported once per query, answered with an empty result the emitter accepts.
 */
function failSoft(pool: Pool, onError: (err: Error) => void): Pool {
  const query = (text: string, values?: unknown[]): Promise<unknown> =>
    pool.query(text, values).catch((err: unknown) => {
      onError(err instanceof Error ? err : new Error(String(err)));
      return { rows: [{ id: null }], rowCount: 0 };
    });
  // The emitter only ever calls `query(text, values)`.
  return { query } as unknown as Pool;
}

/** A Postgres publisher with its own small pool; `close()` ends the pool. */
export function createPostgresPublisherFromUrl(
  databaseUrl: string,
  onError?: (err: Error) => void,
): { publisher: Publisher; close(): Promise<void> } {
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  // An idle client losing its connection must not crash the worker process.
  pool.on('error', (err) => onError?.(err));
  return { publisher: createPostgresPublisher(pool, onError), close: () => pool.end() };
}
