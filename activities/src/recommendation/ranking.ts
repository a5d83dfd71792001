import {
  PlanError,
  renderPlan,
  requiredApprovals,
  type Candidate,
  type PlanContext,
  type Risk,
  type Runbook,
  type SimilarSituation,
  type SituationFeatures,
  type SituationState,
} from '@hro/domain';
import { similarity } from './similarity';

/** A finished situation from history, as the ranking sees it. */
export interface PastSituation {
  id: string;
  title: string;
  state: SituationState;
  runbookId: string | null;
  features: SituationFeatures;
  closedAt: Date | null;
}

/** An applicable runbook left out because no plan could be rendered for this situation. */
export interface SkippedCandidate {
  runbookId: string;
  version: number;
  reason: string;
}

/**
 * What a past outcome says about the runbook it ran (or proposed). A fix that held is a
 * success; one that did not hold or was rolled back is a failure; a human rejecting the
 * proposal is a weak negative, nobody deciding in time a weaker one. auto_resolved says
 * nothing: the alerts cleared before anything ran.
 */
export const OUTCOME_EVIDENCE: Partial<Record<SituationState, { success: number; failure: number }>> = {
  resolved: { success: 1, failure: 0 },
  not_fixed: { success: 0, failure: 1 },
  rolled_back: { success: 0, failure: 1 },
  rejected: { success: 0, failure: 0.5 },
  expired: { success: 0, failure: 0.25 },
};

/** Beta(1, 1): with no evidence a runbook's success estimate is 50%. */
export const PRIOR = { alpha: 1, beta: 1 } as const;

/** Subtracted from the success estimate so that, at equal evidence, the safer fix wins. */
export const RISK_PENALTY: Record<Risk, number> = { low: 0, medium: 0.1, high: 0.25 };

/** Past situations less similar than this are not evidence. */
export const MIN_SIMILARITY = 0.25;

/** How many past situations a candidate lists. */
export const MAX_SIMILAR = 5;

/** Why the runbook applies, or null when some listed criterion does not match. */
export function applicability(runbook: Runbook, f: SituationFeatures): string[] | null {
  const reasons: string[] = [];
  const rule = runbook.appliesTo;
  if (rule.alertnames) {
    const hit = f.alertNames.filter((n) => rule.alertnames!.includes(n));
    if (hit.length === 0) return null;
    reasons.push(`alertname ${hit.join(', ')}`);
  }
  if (rule.services) {
    const hit = f.services.filter((s) => rule.services!.includes(s));
    if (hit.length === 0) return null;
    reasons.push(`service ${hit.join(', ')}`);
  }
  for (const [key, value] of Object.entries(rule.labels ?? {})) {
    const ok = f.labels[key] === value || (key === 'environment' && f.environments.includes(value));
    if (!ok) return null;
    reasons.push(`${key}=${value}`);
  }
  return reasons;
}

interface Evidence {
  alpha: number;
  beta: number;
  similar: SimilarSituation[];
  used: number;
}

function evidenceFor(runbookId: string, f: SituationFeatures, history: PastSituation[]): Evidence {
  let alpha: number = PRIOR.alpha;
  let beta: number = PRIOR.beta;
  const similar: SimilarSituation[] = [];
  for (const past of history) {
    const weight = OUTCOME_EVIDENCE[past.state];
    if (past.runbookId !== runbookId || !weight) continue;
    const sim = similarity(f, past.features);
    if (sim < MIN_SIMILARITY) continue;
    alpha += sim * weight.success;
    beta += sim * weight.failure;
    similar.push({
      situationId: past.id,
      title: past.title,
      runbookId: past.runbookId,
      outcome: past.state,
      similarity: Math.round(sim * 1000) / 1000,
      resolvedAt: past.closedAt ? past.closedAt.toISOString() : null,
    });
  }
  similar.sort((a, b) => b.similarity - a.similarity || a.situationId.localeCompare(b.situationId));
  return { alpha, beta, similar, used: similar.length };
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

function rationale(runbook: Runbook, reasons: string[], ev: Evidence, p: number): string {
  const applies = reasons.length > 0 ? `Applies to ${reasons.join('; ')}.` : 'Applies to every situation.';
  const shown = ev.similar.slice(0, MAX_SIMILAR);
  const lean =
    ev.used === 0
      ? 'No similar past situation used this runbook yet, so the estimate is the prior.'
      : `Leans on ${ev.used} similar past situation(s): ${shown
          .map((s) => `${s.situationId} (${s.outcome}, ${pct(s.similarity)} similar)`)
          .join(', ')}${ev.used > shown.length ? ', …' : ''}.`;
  const succ = ev.alpha - PRIOR.alpha;
  const fail = ev.beta - PRIOR.beta;
  const estimate = `Estimated success ${pct(p)} (Beta(${PRIOR.alpha},${PRIOR.beta}) prior + ${succ.toFixed(2)} weighted successes, ${fail.toFixed(2)} weighted failures).`;
  const approvals = requiredApprovals(runbook.risk);
  const penalty = RISK_PENALTY[runbook.risk];
  const risk = `Risk ${runbook.risk} (${penalty > 0 ? `score −${penalty}` : 'no penalty'}); needs ${approvals} approver${approvals > 1 ? 's' : ''}.`;
  return `${applies} ${lean} ${estimate} ${risk}`;
}

/**
 * Ranks the applicable runbooks for a situation, safest likely fix first:
 * score = posterior mean success (Beta prior + similarity-weighted outcomes) − risk penalty;
 * ties go to the lower risk. `confidence` is the posterior mean success probability.
 * Runbooks whose parameters cannot be resolved from the situation are returned as skipped.
 */
export function rankCandidates(input: {
  features: SituationFeatures;
  context: PlanContext;
  runbooks: Runbook[];
  history: PastSituation[];
}): { candidates: Candidate[]; skipped: SkippedCandidate[] } {
  const ranked: { candidate: Candidate; score: number; used: number }[] = [];
  const skipped: SkippedCandidate[] = [];
  for (const runbook of input.runbooks) {
    const reasons = applicability(runbook, input.features);
    if (!reasons) continue;
    let plan;
    try {
      plan = renderPlan(runbook, {}, input.context);
    } catch (e) {
      if (!(e instanceof PlanError)) throw e;
      skipped.push({ runbookId: runbook.id, version: runbook.version, reason: e.message });
      continue;
    }
    const ev = evidenceFor(runbook.id, input.features, input.history);
    const p = ev.alpha / (ev.alpha + ev.beta);
    ranked.push({
      // Rounded so that float noise (0.6 − 0.1 ≠ 0.5) does not break risk tie-breaks.
      score: Math.round((p - RISK_PENALTY[runbook.risk]) * 1e9) / 1e9,
      used: ev.used,
      candidate: {
        runbook,
        risk: runbook.risk,
        confidence: Math.round(p * 1000) / 1000,
        rationale: rationale(runbook, reasons, ev, p),
        similar: ev.similar.slice(0, MAX_SIMILAR),
        plan,
      },
    });
  }
  const riskOrder = (r: Risk): number => RISK_PENALTY[r];
  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      riskOrder(a.candidate.risk) - riskOrder(b.candidate.risk) ||
      b.used - a.used ||
      a.candidate.runbook.id.localeCompare(b.candidate.runbook.id),
  );
  return { candidates: ranked.map((r) => r.candidate), skipped };
}
