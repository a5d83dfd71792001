import { z } from 'zod';
import { sourceKey } from '../../normalize/fingerprint';
import { AZURE_SEVERITY, requireSeverity } from '../../normalize/severity';
import { parseTime } from '../../normalize/time';
import { finalizeAlert, firstText, ownRecord, parsePayload, stringRecord, text } from '../../normalize/values';
import type { Provider } from '../../provider';

const SOURCE = 'azure-monitor';

// Azure Monitor common alert schema (https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-common-schema).
const essentialsSchema = z.looseObject({
  alertId: z.string().min(1).max(1024),
  alertRule: z.string().min(1).max(512),
  severity: z.string(),
  signalType: z.string().nullish(),
  monitorCondition: z.enum(['Fired', 'Resolved']),
  monitoringService: z.string().nullish(),
  alertTargetIDs: z.array(z.string()).nullish(),
  configurationItems: z.array(z.string()).nullish(),
  originAlertId: z.string().nullish(),
  firedDateTime: z.string().nullish(),
  resolvedDateTime: z.string().nullish(),
  description: z.string().nullish(),
  essentialsVersion: z.string().nullish(),
  alertContextVersion: z.string().nullish(),
  targetResourceType: z.string().nullish(),
  targetResourceGroup: z.string().nullish(),
});

const payloadSchema = z.looseObject({
  schemaId: z.literal('azureMonitorCommonAlertSchema'),
  data: z.looseObject({
    essentials: essentialsSchema,
    alertContext: z.unknown().optional(),
    customProperties: ownRecord(z.unknown()).nullish(),
  }),
});

/** /subscriptions/<id>/resourceGroups/<rg>/providers/… → { subscription, resourceGroup }. */
function resourceParts(id: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const m = /\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+))?/i.exec(id ?? '');
  if (m?.[1]) out.subscription = m[1];
  if (m?.[2]) out.resource_group = m[2];
  return out;
}

/** Azure Monitor alerts with the common alert schema enabled on the action group's webhook. */
export const azureMonitorProvider: Provider = {
  kind: 'azure-monitor',
  normalize(body) {
    const payload = parsePayload(payloadSchema, body);
    const e = payload.data.essentials;
    const custom = stringRecord(payload.data.customProperties ?? undefined);
    const target = e.alertTargetIDs?.[0];
    const resolved = e.monitorCondition === 'Resolved';
    const labels: Record<string, string> = {
      alert_rule: e.alertRule,
      ...resourceParts(target),
      ...custom,
    };
    if (text(e.signalType)) labels.signal_type = e.signalType!;
    if (text(e.monitoringService)) labels.monitoring_service = e.monitoringService!;
    if (text(e.targetResourceType)) labels.resource_type = e.targetResourceType!;
    if (text(e.targetResourceGroup)) labels.resource_group = e.targetResourceGroup!;
    const annotations: Record<string, string> = {};
    if (e.configurationItems?.length) annotations.configuration_items = e.configurationItems.join(',');
    if (text(e.originAlertId)) annotations.origin_alert_id = e.originAlertId!;
    if (payload.data.alertContext !== undefined) annotations.alert_context = JSON.stringify(payload.data.alertContext);
    const alert = finalizeAlert(
      {
        source: SOURCE,
        // alertId names one alert instance; Azure reuses it for the Resolved notification.
        fingerprint: sourceKey(SOURCE, e.alertId.toLowerCase()),
        status: resolved ? 'resolved' : 'firing',
        severity: requireSeverity(AZURE_SEVERITY, e.severity, 'data.essentials.severity'),
        name: e.alertRule,
        summary: firstText(e.description, e.alertRule),
        description: text(e.description),
        service: firstText(custom.service, custom.Service, e.configurationItems?.[0]),
        environment: firstText(custom.environment, custom.Environment, custom.env),
        resource: text(target),
        labels,
        annotations,
        startsAt: parseTime(e.firedDateTime, 'data.essentials.firedDateTime'),
        endsAt: resolved ? parseTime(e.resolvedDateTime, 'data.essentials.resolvedDateTime') : undefined,
      },
      'data.essentials',
    );
    return { alerts: [alert] };
  },
};
