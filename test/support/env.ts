import { join } from 'node:path';

/** Where the test tools and services are; overridable for other machines. */
export const ROOT = join(__dirname, '..', '..');
export const TEMPORAL_CLI = process.env.TEMPORAL_CLI_PATH ?? join(ROOT, '.tools/venv/bin/temporal');
export const TEMPORAL_TEST_SERVER =
  process.env.TEMPORAL_TEST_SERVER_PATH ?? join(ROOT, '.tools/venv/bin/temporal-test-server');
/** An admin connection used to create and drop one database per test file. */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
/** Set by global setup: the shared Temporal dev server for integration tests. */
export function temporalAddress(): string {
  const addr = process.env.HRO_TEST_TEMPORAL_ADDRESS;
  if (!addr) throw new Error('HRO_TEST_TEMPORAL_ADDRESS is not set: run tests through jest (global setup)');
  return addr;
}
