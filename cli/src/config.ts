import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** The server the CLI talks to when HRO_URL is not set and no login is stored. */
export const DEFAULT_URL = 'http://localhost:3000';

/** An empty value counts as unset (`HRO_URL= npm run cli ...`). */
const unsetIfEmpty = <T extends z.ZodTypeAny>(t: T) => z.preprocess((v) => (v === '' ? undefined : v), t);

const schema = z.object({
  HRO_URL: unsetIfEmpty(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()),
  /** A session token to use instead of the stored login (scripts, CI). */
  HRO_TOKEN: unsetIfEmpty(z.string().min(1).optional()),
  /** Password for non-interactive `login`. */
  HRO_PASSWORD: unsetIfEmpty(z.string().min(1).optional()),
  XDG_CONFIG_HOME: unsetIfEmpty(z.string().min(1).optional()),
});

/** The CLI's settings; the only place the CLI reads the environment. */
export interface CliConfig {
  /** The server the user chose (HRO_URL); unset: the stored login's server, else DEFAULT_URL. */
  url: string | undefined;
  token: string | undefined;
  password: string | undefined;
  sessionFile: string;
}

/** A base URL in one spelling (no trailing slash), so the same server compares equal. */
export function normalizeUrl(url: string): string {
  return new URL(url).href.replace(/\/+$/, '');
}

/** Parses the CLI's environment; throws naming the bad variable. */
export function loadCliConfig(env: NodeJS.ProcessEnv): CliConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  const e = parsed.data;
  const configHome = e.XDG_CONFIG_HOME ?? join(homedir(), '.config');
  return {
    url: e.HRO_URL === undefined ? undefined : normalizeUrl(e.HRO_URL),
    token: e.HRO_TOKEN,
    password: e.HRO_PASSWORD,
    sessionFile: join(configHome, 'hro', 'session.json'),
  };
}
