import { z } from 'zod';
import {
  correlationConfigSchema,
  decisionConfigSchema,
  type CorrelationConfig,
  type DecisionConfig,
} from '@hro/domain';

// The API's only reader of process.env: everything else receives an ApiConfig.
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const seconds = (def: number) => z.coerce.number().int().positive().default(def);

const envSchema = z.object({
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required (postgresql://...)'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  HRO_SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  HRO_INGEST_MAX_BYTES: z.coerce.number().int().positive().default(1_048_576),
  HRO_TEMPORAL_UI_URL: z.url().default('http://localhost:8233'),
  HRO_COOKIE_SECURE: bool.default(false),
  HRO_GROUP_BY: z
    .string()
    .default('environment,service')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string()).min(1, 'HRO_GROUP_BY needs at least one field')),
  HRO_GROUP_WINDOW_SECONDS: z.coerce.number().int().min(0).default(30),
  HRO_MAX_SITUATION_AGE_SECONDS: seconds(21_600),
  HRO_MIN_ALERTS: z.coerce.number().int().min(1).default(1),
  HRO_ESCALATE_AFTER_SECONDS: seconds(900),
  HRO_EXPIRE_AFTER_SECONDS: seconds(3600),
  HRO_VERIFY_WINDOW_SECONDS: seconds(300),
  HRO_RUNBOOKS_DIR: z.string().min(1).default('runbooks'),
  HRO_STATIC_DIR_RESPONDER: z.string().min(1).default('web-responder/dist/browser'),
  HRO_STATIC_DIR_ANALYTICS: z.string().min(1).default('web-analytics/dist'),
});

/** Validated API configuration (durations in milliseconds). */
export interface ApiConfig {
  databaseUrl: string;
  temporal: { address: string; namespace: string; uiUrl: string };
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  port: number;
  host: string;
  sessionTtlMs: number;
  ingestMaxBytes: number;
  cookieSecure: boolean;
  correlation: CorrelationConfig;
  decision: DecisionConfig;
  runbooksDir: string;
  staticDirs: { responder: string; analytics: string };
}

/** Thrown when the environment is invalid; the message names every offending variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the API configuration from an environment map (defaults to process.env). */
export function loadConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  // Empty strings mean "unset" so `FOO= npm start` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`invalid API configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    temporal: { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, uiUrl: e.HRO_TEMPORAL_UI_URL },
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
    host: e.HOST,
    sessionTtlMs: Math.round(e.HRO_SESSION_TTL_HOURS * 3600_000),
    ingestMaxBytes: e.HRO_INGEST_MAX_BYTES,
    cookieSecure: e.HRO_COOKIE_SECURE,
    correlation: correlationConfigSchema.parse({
      groupBy: e.HRO_GROUP_BY,
      groupWindowMs: e.HRO_GROUP_WINDOW_SECONDS * 1000,
      maxAgeMs: e.HRO_MAX_SITUATION_AGE_SECONDS * 1000,
      minAlerts: e.HRO_MIN_ALERTS,
    }),
    decision: decisionConfigSchema.parse({
      escalateAfterMs: e.HRO_ESCALATE_AFTER_SECONDS * 1000,
      expireAfterMs: e.HRO_EXPIRE_AFTER_SECONDS * 1000,
      verifyWindowMs: e.HRO_VERIFY_WINDOW_SECONDS * 1000,
    }),
    runbooksDir: e.HRO_RUNBOOKS_DIR,
    staticDirs: { responder: e.HRO_STATIC_DIR_RESPONDER, analytics: e.HRO_STATIC_DIR_ANALYTICS },
  };
}
