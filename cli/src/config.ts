import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const schema = z.object({
  HRO_URL: z.url().default('http://localhost:3000'),
  /** A session token to use instead of the stored login (scripts, CI). */
  HRO_TOKEN: z.string().min(1).optional(),
  /** Password for non-interactive `login`. */
  HRO_PASSWORD: z.string().min(1).optional(),
  XDG_CONFIG_HOME: z.string().min(1).optional(),
});

/** The CLI's settings; the only place the CLI reads the environment. */
export interface CliConfig {
  url: string;
  token: string | undefined;
  password: string | undefined;
  sessionFile: string;
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
    url: e.HRO_URL.replace(/\/+$/, ''),
    token: e.HRO_TOKEN,
    password: e.HRO_PASSWORD,
    sessionFile: join(configHome, 'hro', 'session.json'),
  };
}
