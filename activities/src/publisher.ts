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
export function createPostgresPublisher(pool: Pool): Publisher {
  const emitter = new Emitter<ServerToClientEvents>(pool);
  return {
    situationChanged: (e) => void emitter.to(ROOM_ALL).emit('situation.changed', e),
    executionChanged: (e) => void emitter.to(ROOM_ALL).emit('execution.changed', e),
  };
}

/** A Postgres publisher with its own small pool; `close()` ends the pool. */
export function createPostgresPublisherFromUrl(databaseUrl: string): { publisher: Publisher; close(): Promise<void> } {
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  return { publisher: createPostgresPublisher(pool), close: () => pool.end() };
}
