import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the launcher remembers between runs (never a secret: only that one was issued). */
export interface LauncherState {
  /** When the first admin and ingest token were created and printed. */
  credentialsIssuedAt?: string;
  adminEmail?: string;
  ingestIntegration?: string;
  /** When the demo history was seeded (so deleting it by hand is respected). */
  demoHistorySeededAt?: string;
}

const FILE = 'launcher-state.json';

/** Reads `${dataDir}/launcher-state.json`, or an empty state on the first run. */
export function readState(dataDir: string): LauncherState {
  const file = join(dataDir, FILE);
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, 'utf8')) as LauncherState;
}

/** Merges `patch` into the stored state. */
export function writeState(dataDir: string, patch: LauncherState): LauncherState {
  mkdirSync(dataDir, { recursive: true });
  const next = { ...readState(dataDir), ...patch };
  writeFileSync(join(dataDir, FILE), JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
  return next;
}
