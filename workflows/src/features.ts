import type { PlanContext, SituationFeatures, TrackedAlert } from '@hro/domain';

const sortedUnique = (xs: (string | null)[]): string[] => [...new Set(xs.filter((x): x is string => !!x))].sort();

/** Labels every alert shares with the same value (Alertmanager's "common labels"). */
export function commonLabels(alerts: TrackedAlert[]): Record<string, string> {
  const [first, ...rest] = alerts;
  if (!first) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(first.labels)) {
    if (rest.every((a) => a.labels[k] === v)) out[k] = v;
  }
  return out;
}

/** What the recommender compares with resolved history; also stored on the projection. */
export function featuresFromAlerts(alerts: TrackedAlert[]): SituationFeatures {
  const alertNames = sortedUnique(alerts.map((a) => a.name));
  const services = sortedUnique(alerts.map((a) => a.service));
  const environments = sortedUnique(alerts.map((a) => a.environment));
  const labels = commonLabels(alerts);
  const text = [...alertNames, ...services, ...environments, ...Object.values(labels)].join(' ');
  return { alertNames, services, environments, labels, text };
}

/** Facts runbook parameters may default from (`from: service`, `labels.x`, ...). */
export function planContext(alerts: TrackedAlert[], service: string | null, environment: string | null): PlanContext {
  return { service, environment, labels: commonLabels(alerts) };
}
