import { z } from 'zod';

// The served CSP forbids eval: tell zod not to probe `new Function` (a CSP violation report).
z.config({ jitless: true });

// The app's only configuration, read once from Vite's build-time env and validated so a
// wrong setting fails at start with a message naming it.
const envSchema = z.object({
  /** Origin of the API; empty means the same origin that served the app. */
  VITE_API_BASE: z
    .string()
    .default('')
    .refine((v) => v === '' || /^https?:\/\/[^/]+$/.test(v), 'must be empty or an origin like http://host:3000'),
  /** Where the command center lives; situation links point at `<base>/situations/<id>`. */
  VITE_RESPONDER_BASE: z.string().startsWith('/').default('/responder'),
  /** How often the hub refreshes on its own, besides realtime events. */
  VITE_REFRESH_MS: z.coerce.number().int().min(5_000).default(60_000),
});

export type Env = z.infer<typeof envSchema>;

/** Parses an env object; throws naming the bad variable(s). */
export function parseEnv(raw: Record<string, unknown>): Env {
  const r = envSchema.safeParse(raw);
  if (!r.success) {
    throw new Error(
      `Invalid configuration: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return r.data;
}
