import { Client, Connection } from '@temporalio/client';

/** The API's Temporal access: one lazy connection, so the API starts (and ingests) while Temporal is down. */
export interface TemporalAccess {
  connection: Connection;
  client: Client;
  close(): Promise<void>;
}

/** Creates a lazily-connecting Temporal client; nothing is dialled until the first call. */
export function createTemporalAccess(opts: { address: string; namespace: string }): TemporalAccess {
  const connection = Connection.lazy({ address: opts.address });
  const client = new Client({ connection, namespace: opts.namespace });
  return { connection, client, close: () => connection.close() };
}

/** Runs a Temporal call with a deadline so an unreachable server fails fast instead of hanging. */
export function withTemporalDeadline<T>(t: TemporalAccess, ms: number, fn: () => Promise<T>): Promise<T> {
  return t.connection.withDeadline(Date.now() + ms, fn);
}
