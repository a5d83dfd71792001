import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import {
  ALERTS_SIGNAL,
  CLOSE_SIGNAL,
  DECIDE_UPDATE,
  SEARCH_ATTRIBUTES,
  SNAPSHOT_QUERY,
  type AlertBatchSignal,
  type DecisionResult,
  type DecisionUpdate,
  type Plan,
  type SituationSnapshot,
  type SituationView,
  type SituationState,
  type SituationWorkflowInput,
} from '@hro/domain';
import type { SituationActivities } from '@hro/activities';
import { DecisionRefused, validateDecision } from './decision-validation';
import { runPlan } from './execution';
import { planContext, situationFeatures } from './features';
import { SituationModel, type CarriedState } from './situation-model';

export const alertsSignal = defineSignal<[AlertBatchSignal]>(ALERTS_SIGNAL);
/** Close a situation left in manual handling (after a reject); `actor` is who closed it. */
export const closeSignal = defineSignal<[{ actor?: string; reason?: string }?]>(CLOSE_SIGNAL);
export const decideUpdate = defineUpdate<DecisionResult, [DecisionUpdate]>(DECIDE_UPDATE);
export const snapshotQuery = defineQuery<SituationSnapshot>(SNAPSHOT_QUERY);

const HRO_STATE = defineSearchAttributeKey(SEARCH_ATTRIBUTES.state, SearchAttributeType.KEYWORD);
const HRO_SEVERITY = defineSearchAttributeKey(SEARCH_ATTRIBUTES.severity, SearchAttributeType.KEYWORD);
const HRO_SERVICE = defineSearchAttributeKey(SEARCH_ATTRIBUTES.service, SearchAttributeType.KEYWORD);

/** Default history length that triggers continue-as-new (Temporal's hard limit is 51,200). */
export const CONTINUE_AS_NEW_AFTER_EVENTS = 2_000;
/** How often execution re-checks the global pause switch while it is on. */
const PAUSE_POLL_MS = 30_000;
/** States in which the workflow only waits, so it can safely continue as new. */
const WAITING_STATES: SituationState[] = ['collecting', 'awaiting_approval', 'rejected'];

const light = proxyActivities<SituationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
// The approval update waits on this one, so it gives up (and refuses) rather than hang.
const decisionRecorder = proxyActivities<SituationActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { maximumAttempts: 5 },
});

// Escalation notices call an outside webhook: a few bounded attempts, then the situation
// carries on without it (a dead webhook must never stall a decision or the expiry).
const notifier = proxyActivities<SituationActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '5 seconds', maximumAttempts: 3 },
});

/**
 * One situation from first alert to outcome: collect → recommend → await a human decision
 * → execute (saga) → verify. Every state change is projected to Postgres with a monotonic
 * version; see docs/situation-workflow.md for the state machine and its choices.
 */
export async function situationWorkflow(input: SituationWorkflowInput): Promise<SituationView> {
  const now = (): number => Date.now();
  const iso = (ms = now()): string => new Date(ms).toISOString();
  const m = input.carried
    ? SituationModel.restore(input.carried as CarriedState)
    : new SituationModel(input.situationId, input.correlationKey, iso());
  const maxAgeAt = Date.parse(m.createdAt) + input.correlation.maxAgeMs;
  const canLimit = input.continueAsNewAfterEvents ?? CONTINUE_AS_NEW_AFTER_EVENTS;
  const context = () => m.context ?? planContext(m.commonLabels ?? {}, m.service, m.environment);

  // Projections run one at a time, in version order, so no transition row is lost to a race.
  let projecting: Promise<unknown> = Promise.resolve();
  async function project(to: SituationState, reason: string, actor: string | null = null): Promise<void> {
    const from = m.version === 0 ? null : m.state;
    m.state = to;
    m.version += 1;
    m.updatedAt = iso();
    m.dirty = false;
    const updates = [
      { key: HRO_STATE, value: to },
      { key: HRO_SEVERITY, value: m.severity },
      { key: HRO_SERVICE, value: m.service },
    ];
    upsertSearchAttributes(updates);
    const call = {
      snapshot: m.view(),
      transition: { from, to, reason, actor, at: m.updatedAt },
      features: situationFeatures([...m.alerts.values()], m.commonLabels ?? {}),
    };
    // Workflow logs carry workflowId/runId and are silent during replay.
    log.info('situation changed', { situationId: m.situationId, from, to, version: m.version, reason });
    const next = projecting.then(() => light.projectSituation(call));
    projecting = next.catch(() => undefined);
    await next;
  }

  async function finish(state: SituationState, message: string, compensationsRun: string[] = []): Promise<void> {
    m.outcome = { state, message, compensationsRun };
    m.closed = true;
    m.escalatesAt = null;
    m.expiresAt = null;
    await project(state, message);
  }

  setHandler(alertsSignal, (batch) => {
    // A finished situation absorbs nothing: the alerts go back to the router.
    if (m.closed) {
      m.handBack.push(...batch.alerts.map((a) => a.seq));
      return;
    }
    if (m.applyAlerts(batch.alerts).length > 0) m.dirty = true;
  });

  setHandler(closeSignal, (req) => {
    m.closeRequested = true;
    m.closedBy = req?.actor ?? null;
  });

  setHandler(snapshotQuery, () => m.snapshot());

  setHandler(
    decideUpdate,
    async (d) => {
      let plan: Plan;
      try {
        // Re-checked here: another decision may have been accepted since validation.
        plan = validateDecision(m, d, context());
      } catch (err) {
        if (err instanceof DecisionRefused) throw ApplicationFailure.nonRetryable(err.message, 'DecisionRefused');
        throw err;
      }
      const approve = d.decision === 'approve';
      if (approve) {
        m.plan = plan;
        m.approvals.push({
          userId: d.actor.userId,
          email: d.actor.email,
          planHash: plan.hash,
          runbookId: plan.runbookId,
          params: plan.params,
          reason: d.reason,
          at: d.decidedAt,
        });
        m.recording += 1;
      } else {
        m.rejected = true;
      }
      try {
        // The audit record exists before anything can execute: execution waits for it.
        await decisionRecorder.recordDecision({
          situationId: m.situationId,
          userId: d.actor.userId,
          decision: d.decision,
          planHash: plan.hash,
          runbookId: plan.runbookId,
          params: plan.params,
          reason: d.reason,
          at: d.decidedAt,
        });
      } catch {
        if (approve) m.approvals = m.approvals.filter((a) => a.userId !== d.actor.userId);
        else m.rejected = false;
        throw ApplicationFailure.nonRetryable('the decision could not be recorded; try again', 'DecisionNotRecorded');
      } finally {
        if (approve) m.recording -= 1;
      }
      if (!approve) m.rejection = { email: d.actor.email, reason: d.reason, at: d.decidedAt };
      const remaining = approve ? m.approvalsRemaining : 0;
      if (!approve || remaining === 0) m.decidedAt = d.decidedAt;
      m.note = approve
        ? `approved by ${d.actor.email}` + (remaining > 0 ? `; ${remaining} more approval(s) needed` : '')
        : `rejected by ${d.actor.email}`;
      m.dirty = true;
      return {
        accepted: true,
        approvalsRemaining: remaining,
        state: !approve ? 'rejected' : remaining === 0 ? 'executing' : 'awaiting_approval',
      };
    },
    {
      validator: (d) => {
        validateDecision(m, d, context());
      },
    },
  );

  /** Waits until `ready`, alerts change, continue-as-new is due, or `untilMs` passes. */
  const waitFor = (ready: () => boolean, untilMs: number | null): Promise<boolean> => {
    const wake = () => ready() || m.dirty || shouldContinueAsNew();
    return untilMs === null ? condition(wake).then(() => true) : condition(wake, Math.max(1, untilMs - now()));
  };
  const shouldContinueAsNew = (): boolean =>
    WAITING_STATES.includes(m.state) &&
    (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= canLimit);

  async function collecting(): Promise<void> {
    if (m.allResolved) return finish('auto_resolved', 'every alert resolved before a decision; nothing ran');
    if (now() >= maxAgeAt) return finish('expired', 'maximum situation age reached without an applicable plan');
    const names = m.alertNames;
    const alreadyTried = m.recommendedFor.length > 0 && m.recommendedFor.join('\n') === names.join('\n');
    const windowEnd = m.firstAlertAt ? Date.parse(m.firstAlertAt) + input.correlation.groupWindowMs : null;
    const enough = m.alertCount >= input.correlation.minAlerts && !alreadyTried;
    if (enough && windowEnd !== null && now() >= windowEnd) {
      return project('recommending', `group window closed with ${m.alertCount} alert(s)`);
    }
    await waitFor(() => false, enough && windowEnd !== null ? Math.min(windowEnd, maxAgeAt) : maxAgeAt);
  }

  async function recommending(): Promise<void> {
    const ctx = planContext(m.commonLabels ?? {}, m.service, m.environment);
    const rec = await light.recommend({
      situationId: m.situationId,
      features: situationFeatures([...m.alerts.values()], m.commonLabels ?? {}),
      context: ctx,
    });
    m.recommendation = rec;
    const top = rec.candidates[0];
    if (!top) {
      // No runbook applies: nothing to approve. Keep collecting until the alerts resolve
      // (auto_resolved), different alerts arrive (recommend again) or max age (expired).
      m.recommendedFor = m.alertNames;
      return project('collecting', 'no runbook applies; handle manually or wait for the alerts to change');
    }
    m.context = ctx;
    m.plan = top.plan;
    m.approvals = [];
    m.escalatesAt = iso(now() + input.decision.escalateAfterMs);
    m.expiresAt = iso(now() + input.decision.expireAfterMs);
    await project('awaiting_approval', `recommended ${top.runbook.id} (confidence ${top.confidence.toFixed(2)})`);
  }

  async function awaitingApproval(): Promise<void> {
    if (m.recording > 0 || (m.rejected && !m.rejection)) {
      // A decision is being recorded: its outcome decides what happens next, not the clock.
      await condition(() => m.recording === 0 && !(m.rejected && !m.rejection));
      return;
    }
    if (m.rejection) {
      m.escalatesAt = null;
      m.expiresAt = null;
      return project('rejected', `rejected: ${m.rejection.reason || 'no reason given'}`, m.rejection.email);
    }
    if (m.approvalsRemaining === 0) {
      m.escalatesAt = null;
      m.expiresAt = null;
      const by = m.approvals.map((a) => a.email).join(', ');
      return project('executing', `approved by ${by}`, by);
    }
    if (m.allResolved) return finish('auto_resolved', 'every alert resolved before a decision; nothing ran');
    const expiresAt = Date.parse(m.expiresAt ?? iso());
    const escalatesAt = Date.parse(m.escalatesAt ?? iso());
    if (now() >= expiresAt) return finish('expired', 'no decision before the deadline; nothing ran');
    if (!m.escalated && now() >= escalatesAt) {
      m.escalated = true;
      try {
        await notifier.notifyEscalation({
          situationId: m.situationId,
          title: m.title,
          severity: m.severity,
          service: m.service,
          environment: m.environment,
          escalatesAt: m.escalatesAt,
          expiresAt: m.expiresAt,
        });
      } catch (err) {
        if (isCancellation(err)) throw err;
        const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
        log.warn('escalation notice not delivered; the situation carries on', { situationId: m.situationId, cause });
      }
      return project('awaiting_approval', 'escalated: no decision yet');
    }
    const decided = () => m.rejection !== null || (m.recording === 0 && m.approvalsRemaining === 0) || m.allResolved;
    await waitFor(decided, m.escalated ? expiresAt : escalatesAt);
  }

  async function waitWhilePaused(): Promise<void> {
    while (await light.isRemediationPaused()) {
      if (!m.paused) {
        m.paused = true;
        await project('executing', 'remediation is paused globally; waiting');
      }
      await sleep(PAUSE_POLL_MS);
    }
    if (m.paused) {
      m.paused = false;
      await project('executing', 'remediation resumed');
    }
  }

  async function executing(): Promise<void> {
    const plan = m.plan;
    if (!plan) throw ApplicationFailure.nonRetryable('executing without a plan');
    const report = await runPlan(plan, {
      workflowId: workflowInfo().workflowId,
      situationId: m.situationId,
      version: () => m.version,
      beforeStep: waitWhilePaused,
    });
    if (report.ok) {
      m.verifyUntil = iso(now() + input.decision.verifyWindowMs);
      return project('verifying', `all ${plan.steps.length} step(s) succeeded`);
    }
    const ran = report.compensations.filter((c) => c.ok).map((c) => c.name);
    const failed = report.compensations.filter((c) => !c.ok).map((c) => `${c.name} (${c.error})`);
    const message =
      `step "${report.failedStep}" failed: ${report.error}; ` +
      `compensations run: ${ran.join(', ') || 'none'}` +
      (failed.length ? `; compensations failed: ${failed.join(', ')}` : '');
    await finish('rolled_back', message, ran);
  }

  async function verifying(): Promise<void> {
    if (m.allResolved) return finish('resolved', 'every alert resolved after the remediation');
    const until = Date.parse(m.verifyUntil ?? iso());
    if (now() >= until) return finish('not_fixed', 'alerts still firing after the verify window');
    await waitFor(() => m.allResolved, until);
  }

  async function manualHandling(): Promise<void> {
    const close = (reason: string, actor: string | null) => {
      m.closed = true;
      return project('rejected', reason, actor);
    };
    if (m.closeRequested) return close('closed by a human', m.closedBy);
    if (m.allResolved) return close('every alert resolved during manual handling', null);
    if (now() >= maxAgeAt) return close('maximum situation age reached during manual handling', null);
    await waitFor(() => m.closeRequested || m.allResolved, maxAgeAt);
  }

  if (!input.carried) {
    // A run started for an id whose situation already finished (a late signal-with-start)
    // must not reopen it: hand its alerts back and stop.
    if (await light.situationClosed({ situationId: m.situationId })) {
      m.closed = true;
      m.handBack.push(...[...m.alerts.values()].map((a) => a.lastSeq));
    } else await project('collecting', 'situation opened');
  }

  while (!m.closed) {
    if (m.dirty) {
      const note = m.note ?? `alerts updated: ${m.firingCount}/${m.alertCount} firing`;
      m.note = null;
      await project(m.state, note);
    }
    if (shouldContinueAsNew()) {
      // Safe message handling: no update may be mid-flight when the history is cut over.
      await condition(allHandlersFinished);
      if (shouldContinueAsNew() && !m.dirty) {
        return continueAsNew<typeof situationWorkflow>({ ...input, carried: m.carried() });
      }
      continue;
    }
    switch (m.state) {
      case 'collecting':
        await collecting();
        break;
      case 'recommending':
        await recommending();
        break;
      case 'awaiting_approval':
        await awaitingApproval();
        break;
      case 'executing':
        await executing();
        break;
      case 'verifying':
        await verifying();
        break;
      case 'rejected':
        await manualHandling();
        break;
      default:
        throw ApplicationFailure.nonRetryable(`unexpected open state ${m.state}`);
    }
  }

  await condition(allHandlersFinished);
  while (m.handBack.length > 0) {
    const seqs = m.handBack.splice(0);
    await light.rerouteAlerts({ situationId: m.situationId, seqs });
  }
  return m.view();
}
