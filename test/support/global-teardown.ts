import type { RunningTemporal } from './temporal-server';

export default async function globalTeardown(): Promise<void> {
  const temporal = (globalThis as { __HRO_TEMPORAL__?: RunningTemporal }).__HRO_TEMPORAL__;
  await temporal?.stop();
}
