import type { ActivityDeps } from './deps';
import { createDecisionActivities } from './decisions';
import { createProjectionActivities } from './projection';
import { createRecommendationActivities } from './recommendation';
import { createRoutingActivities } from './routing';
import { type createRemediationActivities } from './execution';

export * from './deps';
export * from './publisher';
export * from './summary';
export type { ProjectionInput } from './projection';
export type { RecordDecisionInput } from './decisions';
export {
  REMEDIATION_PAUSED_KEY,
  DEFAULT_PUBLIC_URL,
  escalationNotice,
  situationUrl,
  type EscalationInput,
  type EscalationNotice,
} from './routing';
export { createRemediationActivities, type StepInput, type StepResult } from './execution';
export { loadCatalog, catalogOf, type Catalog, type ExecutionPolicy } from './catalog';
export type { RecommendInput } from './recommendation';

/**
 * The light activities of the `situations` task queue: projection and events, decisions,
 * recommendation, alert hand-back, the pause switch and escalation notices.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createProjectionActivities(deps),
    ...createDecisionActivities(deps),
    ...createRoutingActivities(deps),
    ...createRecommendationActivities(deps),
  };
}

/** Activities run by a `situations` worker. */
export type SituationActivities = ReturnType<typeof createActivities>;
/** Activities run by a `remediation` worker (one call per runbook step). */
export type RemediationActivities = ReturnType<typeof createRemediationActivities>;
