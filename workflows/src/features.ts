import type { PlanContext, SituationFeatures, TrackedAlert } from '@hro/domain';

const sortedUnique = (xs: (string | null)[]): string[] => [...new Set(xs.filter((x): x is string => !!x))].sort();

/**
 * What the recommender compares with resolved history; also stored on the projection.
 * `labels` are the labels every alert shares (Alertmanager's "common labels").
 */
export function situationFeatures(alerts: TrackedAlert[], labels: Record<string, string>): SituationFeatures {
  const alertNames = sortedUnique(alerts.map((a) => a.name));
  const services = sortedUnique(alerts.map((a) => a.service));
  const environments = sortedUnique(alerts.map((a) => a.environment));
  const text = [...alertNames, ...services, ...environments, ...Object.values(labels)].join(' ');
  return { alertNames, services, environments, labels, text };
}

/** Facts runbook parameters may default from (`from: service`, `labels.x`, ...). */
export function planContext(
  labels: Record<string, string>,
  service: string | null,
  environment: string | null,
): PlanContext {
  return { service, environment, labels };
}
