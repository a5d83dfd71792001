import type { ApprovalView, ParamValues, Plan, PlanContext, Runbook } from '@hro/domain';
import { PlanError, resolveParams } from '@hro/domain/src/plan';
import type { ApiError } from '../../core/api-error';

/** Raw form values: text inputs give strings, checkboxes give booleans. */
export type RawParams = Record<string, string | boolean>;

export interface ParamCheck {
  /** The validated, typed values, when every field is valid. */
  values: ParamValues | null;
  /** Message per parameter name (or `_form` for problems not tied to one). */
  errors: Record<string, string>;
}

/**
 * Validates form values against the runbook's parameter schema with the very function
 * the server uses for its dry-run, so the form and the server agree on what is valid.
 */
export function checkParams(runbook: Runbook, raw: RawParams, ctx: PlanContext): ParamCheck {
  const given: ParamValues = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === '') continue; // an emptied field falls back to the situation or default
    given[name] = value;
  }
  try {
    return { values: resolveParams(runbook, given, ctx), errors: {} };
  } catch (err) {
    if (!(err instanceof PlanError)) throw err;
    const errors: Record<string, string> = {};
    for (const issue of err.issues) errors[issue.param] = issue.message;
    return { values: null, errors };
  }
}

/** Form values for a plan's parameters (numbers become text for the inputs). */
export function rawFromParams(params: ParamValues): RawParams {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'boolean' ? v : String(v)]));
}

/** True when two typed parameter sets are equal. */
export function sameParams(a: ParamValues, b: ParamValues): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}

export interface FourEyesView {
  required: number;
  /** Approvals already recorded for this plan, oldest first. */
  approvals: ApprovalView[];
  remaining: number;
  /** The signed-in user already approved; a different approver must give the next one. */
  youApproved: boolean;
}

/** Who approved the plan so far and how many approvals it still needs. */
export function fourEyes(approvals: readonly ApprovalView[], plan: Plan, userEmail: string | null): FourEyesView {
  const forPlan = approvals
    .filter((a) => a.decision === 'approve' && a.planHash === plan.hash)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const distinctApprovers = new Set(forPlan.map((a) => a.userEmail.toLowerCase()));
  return {
    required: plan.requiredApprovals,
    approvals: forPlan,
    remaining: Math.max(0, plan.requiredApprovals - distinctApprovers.size),
    youApproved: userEmail !== null && distinctApprovers.has(userEmail.toLowerCase()),
  };
}

/** A server refusal in plain words, saying what happened and what to do. */
export function refusalMessage(err: ApiError): string {
  const reason = err.detail ?? err.title;
  switch (err.status) {
    case 409:
      return `The server refused this decision: ${reason}`;
    case 403:
      return `Not allowed: ${err.detail ?? 'your role cannot approve or reject situations.'}`;
    case 422:
    case 400:
      return `The request was invalid: ${reason}`;
    case 404:
      return 'This situation no longer exists.';
    default:
      return err.userMessage;
  }
}
