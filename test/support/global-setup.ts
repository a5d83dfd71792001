import { startTemporalDevServer } from './temporal-server';

// One real Temporal dev server for the whole run; tests use unique workflow ids and
// task queues so they never see each other's work.
export default async function globalSetup(): Promise<void> {
  const temporal = await startTemporalDevServer();
  process.env.HRO_TEST_TEMPORAL_ADDRESS = temporal.address;
  (globalThis as { __HRO_TEMPORAL__?: unknown }).__HRO_TEMPORAL__ = temporal;
}
