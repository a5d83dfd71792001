import type { CorrelationConfig } from '@hro/domain';

/** The fields of a stored alert that grouping rules can refer to. */
export interface CorrelatableAlert {
  name: string;
  service: string | null;
  environment: string | null;
  resource: string | null;
  labels: Record<string, string>;
}

function fieldValue(alert: CorrelatableAlert, field: string): string {
  if (field.startsWith('labels.')) return alert.labels[field.slice('labels.'.length)] ?? '';
  switch (field) {
    case 'service':
      return alert.service ?? alert.labels['service'] ?? '';
    case 'environment':
      return alert.environment ?? alert.labels['environment'] ?? alert.labels['env'] ?? '';
    case 'name':
    case 'alertname':
      return alert.name;
    case 'resource':
      return alert.resource ?? '';
    default:
      return alert.labels[field] ?? '';
  }
}

/**
 * The correlation key: alerts with equal values for every `groupBy` field belong to the
 * same open situation. Pure, so the router and the workflow always agree.
 */
export function correlationKey(alert: CorrelatableAlert, config: Pick<CorrelationConfig, 'groupBy'>): string {
  return config.groupBy.map((f) => `${f}=${encodeURIComponent(fieldValue(alert, f) || '-')}`).join('|');
}
