import type { CorrelationConfig, DecisionConfig } from './situation';

/** Names shared by the workflow, the workers and the API's Temporal client. */
export const TASK_QUEUE_SITUATIONS = 'situations';
export const TASK_QUEUE_REMEDIATION = 'remediation';
export const SITUATION_WORKFLOW_TYPE = 'situationWorkflow';
/** Signal carrying an AlertBatchSignal. */
export const ALERTS_SIGNAL = 'alerts';
/** Update carrying a DecisionUpdate, answering a DecisionResult. */
export const DECIDE_UPDATE = 'decide';
/** Signal: a human closes a situation left in manual handling (after a reject). */
export const CLOSE_SIGNAL = 'close';
/** Query returning the workflow's current snapshot. */
export const SNAPSHOT_QUERY = 'snapshot';

/** Custom search attributes (Keyword) registered on the Temporal namespace. */
export const SEARCH_ATTRIBUTES = {
  state: 'HroState',
  severity: 'HroSeverity',
  service: 'HroService',
} as const;

/** Start input of a situation workflow; the router fills it from API configuration. */
export interface SituationWorkflowInput {
  situationId: string;
  correlationKey: string;
  correlation: CorrelationConfig;
  decision: DecisionConfig;
  /** Present only when continuing as new: the state carried over. */
  carried?: unknown;
}
