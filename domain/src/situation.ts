import { z } from 'zod';

/** Lifecycle of a situation; the workflow owns transitions, Postgres holds a projection. */
export const SITUATION_STATES = [
  'collecting',
  'recommending',
  'awaiting_approval',
  'executing',
  'verifying',
  'resolved',
  'not_fixed',
  'rolled_back',
  'rejected',
  'expired',
  'auto_resolved',
] as const;
export const situationStateSchema = z.enum(SITUATION_STATES);
export type SituationState = z.infer<typeof situationStateSchema>;

export const TERMINAL_STATES: readonly SituationState[] = [
  'resolved',
  'not_fixed',
  'rolled_back',
  'rejected',
  'expired',
  'auto_resolved',
];

/** True once the situation can never change again (and absorbs no new alerts). */
export function isTerminal(state: SituationState): boolean {
  return TERMINAL_STATES.includes(state);
}

/**
 * True for a stored state string that names a known, non-terminal state: the router and
 * ingest both decide by it whether an alert's situation can still take it.
 */
export function isOpenState(state: string | null): boolean {
  if (state === null) return false;
  const s = situationStateSchema.safeParse(state);
  return s.success && !isTerminal(s.data);
}

/** Correlation rules, in the spirit of Alertmanager's group_by. */
export const correlationConfigSchema = z.object({
  /** Canonical fields (`service`, `environment`, `name`, `resource`) or `labels.<key>`. */
  groupBy: z.array(z.string().min(1)).min(1).default(['environment', 'service']),
  groupWindowMs: z.number().int().min(0).default(30_000),
  maxAgeMs: z
    .number()
    .int()
    .positive()
    .default(6 * 3600_000),
  minAlerts: z.number().int().min(1).default(1),
});
export type CorrelationConfig = z.infer<typeof correlationConfigSchema>;

/** Decision timing: escalate after `escalateAfterMs`, expire after `expireAfterMs`. */
export const decisionConfigSchema = z.object({
  escalateAfterMs: z
    .number()
    .int()
    .positive()
    .default(15 * 60_000),
  expireAfterMs: z
    .number()
    .int()
    .positive()
    .default(60 * 60_000),
  verifyWindowMs: z
    .number()
    .int()
    .positive()
    .default(5 * 60_000),
});
export type DecisionConfig = z.infer<typeof decisionConfigSchema>;
