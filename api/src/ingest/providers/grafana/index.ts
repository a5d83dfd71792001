import { type CanonicalAlert } from '@hro/domain';
import { z } from 'zod';
import { hashKey, sourceKey } from '../../normalize/fingerprint';
import { conventionalFields } from '../../normalize/labels';
import { GENERIC_SEVERITY, lookupSeverity } from '../../normalize/severity';
import { parseTime } from '../../normalize/time';
import { finalizeAlert, firstText, ownRecord, parsePayload, stringRecord, text } from '../../normalize/values';
import type { Provider } from '../../provider';

const SOURCE = 'grafana';
// Grafana's synthetic alerts when a query returns nothing or fails (labels.alertname).
const NO_DATA = 'DatasourceNoData';
const DATASOURCE_ERROR = 'DatasourceError';

const scalarMap = ownRecord(z.union([z.string(), z.number(), z.boolean(), z.null()]));

const alertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: ownRecord(z.string()),
  annotations: ownRecord(z.string()).nullish(),
  startsAt: z.union([z.string(), z.number()]).nullish(),
  endsAt: z.union([z.string(), z.number()]).nullish(),
  generatorURL: z.string().nullish(),
  fingerprint: z.string().nullish(),
  silenceURL: z.string().nullish(),
  dashboardURL: z.string().nullish(),
  panelURL: z.string().nullish(),
  imageURL: z.string().nullish(),
  values: scalarMap.nullish(),
  valueString: z.string().nullish(),
});

const payloadSchema = z.looseObject({
  receiver: z.string().nullish(),
  status: z.enum(['firing', 'resolved']).nullish(),
  orgId: z.number().nullish(),
  alerts: z.array(alertSchema).max(10_000),
  externalURL: z.string().nullish(),
  groupKey: z.string().nullish(),
  truncatedAlerts: z.number().nullish(),
});
type GrafanaAlert = z.infer<typeof alertSchema>;

function severityOf(labels: Record<string, string>, kind: string | undefined) {
  const declared = lookupSeverity(GENERIC_SEVERITY, labels.severity ?? labels.priority);
  if (declared) return declared;
  // A query that returns nothing is worth a look; a broken datasource blinds every rule on it.
  if (kind === NO_DATA || labels.grafana_state_reason === 'NoData') return 'warning' as const;
  if (kind === DATASOURCE_ERROR || labels.grafana_state_reason === 'Error') return 'high' as const;
  return 'warning' as const;
}

function nameOf(labels: Record<string, string>): string {
  const alertname = text(labels.alertname);
  const rule = text(labels.rulename);
  if (alertname === NO_DATA) return `${rule ?? 'rule'}: no data`;
  if (alertname === DATASOURCE_ERROR) return `${rule ?? 'rule'}: datasource error`;
  return alertname ?? rule ?? 'Grafana alert';
}

function normalizeAlert(a: GrafanaAlert, index: number, orgId: number | null | undefined): CanonicalAlert {
  const field = `alerts[${index}]`;
  const labels = a.labels;
  const annotations: Record<string, string> = {
    ...(a.annotations ?? {}),
    ...stringRecord(a.values ?? undefined, 'value.'),
  };
  for (const [key, value] of [
    ['valueString', a.valueString],
    ['silenceURL', a.silenceURL],
    ['dashboardURL', a.dashboardURL],
    ['panelURL', a.panelURL],
    ['imageURL', a.imageURL],
  ] as const) {
    const t = text(value);
    if (t !== undefined) annotations[key] = t;
  }
  const own = text(a.fingerprint);
  // Grafana's fingerprint is a hash of the labels, stable across firing and resolved.
  const fingerprint = own ? sourceKey(SOURCE, String(orgId ?? 1), own) : hashKey(SOURCE, { orgId, labels });
  return finalizeAlert(
    {
      source: SOURCE,
      fingerprint,
      status: a.status,
      severity: severityOf(labels, labels.alertname),
      name: nameOf(labels),
      summary: firstText(a.annotations?.summary, a.annotations?.description, nameOf(labels)),
      description: text(a.annotations?.description),
      ...conventionalFields(labels),
      labels,
      annotations,
      startsAt: parseTime(a.startsAt, `${field}.startsAt`),
      // While firing, endsAt is Go's zero time or an expiry guess, never an end.
      endsAt: a.status === 'resolved' ? parseTime(a.endsAt, `${field}.endsAt`) : undefined,
      generatorUrl: text(a.generatorURL),
    },
    field,
  );
}

/** Grafana unified alerting webhook contact point (batched alerts, `values`, no-data alerts). */
export const grafanaProvider: Provider = {
  kind: 'grafana',
  normalize(body) {
    const payload = parsePayload(payloadSchema, body);
    return { alerts: payload.alerts.map((a, i) => normalizeAlert(a, i, payload.orgId)) };
  },
};
