import type { Severity, SituationState } from '@hro/domain';

// The domain's constant arrays live next to zod schemas; the browser bundle only needs
// the names, and these Records make the compiler check they stay complete.

/** Human labels for every situation state, in lifecycle order. */
export const STATE_LABELS: Record<SituationState, string> = {
  collecting: 'collecting',
  recommending: 'recommending',
  awaiting_approval: 'awaiting approval',
  executing: 'executing',
  verifying: 'verifying',
  resolved: 'resolved',
  not_fixed: 'not fixed',
  rolled_back: 'rolled back',
  rejected: 'rejected',
  expired: 'expired',
  auto_resolved: 'auto-resolved',
};

const SEVERITY_RANKS: Record<Severity, number> = { critical: 0, high: 1, warning: 2, info: 3 };

/** Severities, most urgent first. */
export const SEVERITY_ORDER = (Object.keys(SEVERITY_RANKS) as Severity[]).sort(
  (a, b) => SEVERITY_RANKS[a] - SEVERITY_RANKS[b],
);

/** All situation states in lifecycle order. */
export const STATE_ORDER = Object.keys(STATE_LABELS) as SituationState[];

/** Lower is more urgent. */
export function severityRank(s: Severity): number {
  return SEVERITY_RANKS[s];
}
