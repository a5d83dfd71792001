import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

// The launcher's only reader of process.env. Children get their settings as an explicit
// environment built from this config (plus whatever the user exported for them).
const port = (def: number) => z.coerce.number().int().min(1).max(65535).default(def);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  HRO_DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z.string().url('DATABASE_URL must be a postgresql:// URL').optional(),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'TEMPORAL_ADDRESS must be host:port')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HRO_ADMIN_EMAIL: z.string().email('HRO_ADMIN_EMAIL must be an email address').default('admin@example.com'),
  HRO_ADMIN_PASSWORD: z.string().min(12, 'HRO_ADMIN_PASSWORD needs at least 12 characters').optional(),
  HRO_INGEST_TOKEN: z.string().min(24, 'HRO_INGEST_TOKEN needs at least 24 characters').optional(),
  HRO_PG_PORT: port(5499),
  HRO_TEMPORAL_PORT: port(7233),
  HRO_TEMPORAL_UI_PORT: port(8233),
  HRO_DEMO_TARGET_PORT: port(3999),
  PORT: port(3000),
  /** Prometheus port of the situations worker; the remediation worker takes the next one. 0: off. */
  HRO_WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65534).default(9464),
  HRO_SEED_DEMO: bool.default(true),
  HRO_TEMPORAL_CLI: z.string().min(1).optional(),
  HRO_COMMAND_ALLOWLIST: z.string().optional(),
  HRO_HTTP_ALLOWLIST: z.string().optional(),
});

/** Validated launcher configuration. */
export interface LauncherConfig {
  /** Absolute data directory: embedded Postgres, Temporal's SQLite file, launcher state. */
  dataDir: string;
  /** Set when the user brings their own Postgres; otherwise the embedded one is started. */
  externalDatabaseUrl: string | undefined;
  /** Set when the user brings their own Temporal; otherwise the dev server is started. */
  externalTemporalAddress: string | undefined;
  temporalNamespace: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  admin: { email: string; password: string | undefined };
  ingestToken: string | undefined;
  ports: { api: number; postgres: number; temporal: number; temporalUi: number; demoTarget: number };
  /** Worker metrics ports (situations, remediation), or undefined when disabled. */
  workerMetricsPorts: [number, number] | undefined;
  seedDemo: boolean;
  temporalCli: string;
  /** Extra allow-list entries the user set; the launcher adds what the demo runbooks need. */
  commandAllowlist: string[];
  httpAllowlist: string[];
  /** The environment children inherit (the user's own settings for API and workers). */
  inheritedEnv: Record<string, string>;
}

/** Thrown when the environment is invalid; the message names every offending variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Parses the launcher configuration; `root` anchors relative paths (the repository). */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  root: string = process.cwd(),
): LauncherConfig {
  // Empty strings mean "unset" so `DATABASE_URL= npm start` falls back to the default.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`invalid launcher configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const ports = {
    api: e.PORT,
    postgres: e.HRO_PG_PORT,
    temporal: e.HRO_TEMPORAL_PORT,
    temporalUi: e.HRO_TEMPORAL_UI_PORT,
    demoTarget: e.HRO_DEMO_TARGET_PORT,
  };
  const workerMetricsPorts: [number, number] | undefined = e.HRO_WORKER_METRICS_PORT
    ? [e.HRO_WORKER_METRICS_PORT, e.HRO_WORKER_METRICS_PORT + 1]
    : undefined;
  const seen = new Map<number, string>();
  const all = {
    ...ports,
    ...(workerMetricsPorts ? { workerMetrics: workerMetricsPorts[0], workerMetricsNext: workerMetricsPorts[1] } : {}),
  };
  for (const [name, p] of Object.entries(all)) {
    const other = seen.get(p);
    if (other) throw new ConfigError(`invalid launcher configuration:\n  ports ${other} and ${name} are both ${p}`);
    seen.set(p, name);
  }
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(root, p));
  return {
    dataDir: abs(e.HRO_DATA_DIR),
    externalDatabaseUrl: e.DATABASE_URL,
    externalTemporalAddress: e.TEMPORAL_ADDRESS,
    temporalNamespace: e.TEMPORAL_NAMESPACE,
    logLevel: e.LOG_LEVEL,
    admin: { email: e.HRO_ADMIN_EMAIL, password: e.HRO_ADMIN_PASSWORD },
    ingestToken: e.HRO_INGEST_TOKEN,
    ports,
    workerMetricsPorts,
    seedDemo: e.HRO_SEED_DEMO,
    temporalCli: abs(e.HRO_TEMPORAL_CLI ?? '.tools/venv/bin/temporal'),
    commandAllowlist: list(e.HRO_COMMAND_ALLOWLIST),
    httpAllowlist: list(e.HRO_HTTP_ALLOWLIST),
    inheritedEnv: cleaned,
  };
}
