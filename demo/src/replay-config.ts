import { parseArgs } from 'node:util';
import { z } from 'zod';

const schema = z.object({
  url: z.url().default('http://localhost:3000'),
  token: z.string().min(1, 'HRO_INGEST_TOKEN (or --token) is required: the launcher prints it'),
  target: z.url().default('http://127.0.0.1:3999'),
  /** Time compression: 2 plays the outage twice as fast. */
  speed: z.coerce.number().positive().max(100).default(1),
  /** Give up waiting for the fix after this many minutes. */
  timeoutMinutes: z.coerce.number().positive().default(30),
  /** Re-send firing groups this often (Alertmanager's repeat_interval). */
  repeatSeconds: z.coerce.number().positive().default(60),
  breakTarget: z.boolean().default(true),
});
export type ReplayConfig = z.infer<typeof schema>;

/** The replay's configuration from argv and env (flags win); throws naming the bad setting. */
export function loadReplayConfig(argv: string[], env: NodeJS.ProcessEnv): ReplayConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      target: { type: 'string' },
      speed: { type: 'string' },
      timeout: { type: 'string' },
      repeat: { type: 'string' },
      'no-break': { type: 'boolean' },
    },
  });
  const parsed = schema.safeParse({
    url: values.url ?? env.HRO_URL,
    token: values.token ?? env.HRO_INGEST_TOKEN,
    target: values.target ?? env.HRO_DEMO_TARGET_URL,
    speed: values.speed,
    timeoutMinutes: values.timeout,
    repeatSeconds: values.repeat,
    breakTarget: !values['no-break'],
  });
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  return parsed.data;
}
