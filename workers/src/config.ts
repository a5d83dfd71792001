import { z } from 'zod';

const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    );

/** An absolute http(s) URL; the error (prefixed with the variable) never echoes the value: it may hold a token. */
const httpUrl = z.string().refine((s) => {
  try {
    return ['http:', 'https:'].includes(new URL(s).protocol);
  } catch {
    return false;
  }
}, 'must be an http:// or https:// URL');
/** An empty value counts as unset (`HRO_X=` in a compose file or shell). */
const unsetIfEmpty = <T extends z.ZodTypeAny>(t: T) => z.preprocess((v) => (v === '' ? undefined : v), t);

const schema = z.object({
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  HRO_WORKER_QUEUES: list('situations,remediation').pipe(
    z.array(z.enum(['situations', 'remediation'])).min(1, 'name at least one queue'),
  ),
  HRO_RUNBOOKS_DIR: z.string().min(1).default('runbooks'),
  HRO_COMMAND_ALLOWLIST: list(''),
  HRO_HTTP_ALLOWLIST: list(''),
  HRO_STEP_OUTPUT_LIMIT: z.coerce.number().int().positive().default(16384),
  /** Prometheus endpoint of the Temporal runtime's own metrics; 0 turns it off. */
  HRO_WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Incoming webhook (Slack, Mattermost, Teams workflow or generic) told about escalations. */
  HRO_ESCALATION_WEBHOOK_URL: unsetIfEmpty(httpUrl.optional()),
  /** The base URL people open (API and UIs); escalation notices link below it. */
  HRO_PUBLIC_URL: unsetIfEmpty(httpUrl.default('http://localhost:3000')),
  /** The only environment variable command steps inherit (besides their idempotency key). */
  PATH: z.string().default('/usr/local/bin:/usr/bin:/bin'),
});

/** The workers' validated configuration. */
export interface WorkerConfig {
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  queues: ('situations' | 'remediation')[];
  runbooksDir: string;
  commandAllowlist: string[];
  httpAllowlist: string[];
  stepOutputLimit: number;
  metricsPort: number;
  commandPath: string;
  /** Where escalation notices are POSTed; unset: they are only logged. */
  escalationWebhookUrl?: string;
  /** Base of the links in notices (`<publicUrl>/responder/situations/<id>`); loadWorkerConfig always sets it. */
  publicUrl?: string;
}

/** Parses the environment; a bad setting throws an error naming the variable. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid worker configuration: ${issues}`);
  }
  const c = parsed.data;
  return {
    databaseUrl: c.DATABASE_URL,
    temporalAddress: c.TEMPORAL_ADDRESS,
    namespace: c.TEMPORAL_NAMESPACE,
    logLevel: c.LOG_LEVEL,
    queues: [...new Set(c.HRO_WORKER_QUEUES)],
    runbooksDir: c.HRO_RUNBOOKS_DIR,
    commandAllowlist: c.HRO_COMMAND_ALLOWLIST,
    httpAllowlist: c.HRO_HTTP_ALLOWLIST,
    stepOutputLimit: c.HRO_STEP_OUTPUT_LIMIT,
    metricsPort: c.HRO_WORKER_METRICS_PORT,
    commandPath: c.PATH,
    escalationWebhookUrl: c.HRO_ESCALATION_WEBHOOK_URL,
    publicUrl: c.HRO_PUBLIC_URL,
  };
}
