import { PlanError, renderPlan, roleAtLeast, type DecisionUpdate, type Plan, type PlanContext } from '@hro/domain';
import type { SituationModel } from './situation-model';

/** A decision the workflow refuses; `message` is the reason the API shows (409). */
export class DecisionRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecisionRefused';
  }
}

/**
 * The plan a decision refers to: the shown plan by default, or another candidate and/or
 * edited params, rendered here exactly as the dry-run renders it so the hashes compare.
 */
export function chosenPlan(m: SituationModel, d: DecisionUpdate, ctx: PlanContext): Plan {
  const current = m.plan;
  if (!current) throw new DecisionRefused('there is no plan to decide on');
  if (d.runbookId === undefined && d.params === undefined) return current;
  const runbookId = d.runbookId ?? current.runbookId;
  const candidate = m.recommendation?.candidates.find((c) => c.runbook.id === runbookId);
  if (!candidate) throw new DecisionRefused(`runbook ${runbookId} is not a candidate for this situation`);
  try {
    return renderPlan(candidate.runbook, d.params ?? candidate.plan.params, ctx);
  } catch (err) {
    if (err instanceof PlanError) throw new DecisionRefused(`invalid parameters: ${err.message}`);
    throw err;
  }
}

/**
 * The update validator's checks (state, role, plan hash, four-eyes). Throws
 * DecisionRefused with a clear reason; returns the plan the decision is for.
 */
export function validateDecision(m: SituationModel, d: DecisionUpdate, ctx: PlanContext): Plan {
  if (m.state !== 'awaiting_approval') {
    throw new DecisionRefused(
      m.decidedAt
        ? `already decided: the situation is ${m.state}`
        : `not awaiting approval: the situation is ${m.state}`,
    );
  }
  if (m.rejected) throw new DecisionRefused('already decided: rejected');
  if (m.quorumTaken) throw new DecisionRefused('already decided: the plan has all the approvals it needs');
  if (!roleAtLeast(d.actor.role, 'approver')) {
    throw new DecisionRefused(`role ${d.actor.role} may not decide; approver or admin is required`);
  }
  const plan = chosenPlan(m, d, ctx);
  if (d.planHash !== plan.hash) {
    throw new DecisionRefused('the plan changed since it was shown (plan hash does not match); reload and review it');
  }
  const pending = m.approvals[0];
  if (pending && d.decision === 'approve' && pending.planHash !== plan.hash) {
    throw new DecisionRefused('a different plan is already approved and waiting for a second approver');
  }
  // A first approver may still reject (withdraw) a four-eyes plan, but not approve twice.
  if (d.decision === 'approve' && m.approvals.some((a) => a.userId === d.actor.userId)) {
    throw new DecisionRefused('you have already approved this plan; a second approver must be a different person');
  }
  return plan;
}
