import type { Plan } from './plan';
import type { Risk, Runbook } from './runbook';
import type { SituationState } from './situation';

/** A past situation a recommendation leans on, with how it ended. */
export interface SimilarSituation {
  situationId: string;
  title: string;
  runbookId: string | null;
  outcome: SituationState;
  similarity: number;
  resolvedAt: string | null;
}

/** One ranked candidate fix with the evidence for it. */
export interface Candidate {
  runbook: Runbook;
  risk: Risk;
  confidence: number;
  rationale: string;
  similar: SimilarSituation[];
  plan: Plan;
}

/** Output of the recommendation activity; candidates are ordered safest-likely-fix first. */
export interface Recommendation {
  candidates: Candidate[];
  generatedAt: string;
}

/** Features of a situation used to compare it with resolved history. */
export interface SituationFeatures {
  alertNames: string[];
  services: string[];
  environments: string[];
  labels: Record<string, string>;
  text: string;
}
