import { z } from 'zod';
import { sourceKey } from '../../normalize/fingerprint';
import { GOOGLE_SEVERITY, lookupSeverity } from '../../normalize/severity';
import { parseTime } from '../../normalize/time';
import { finalizeAlert, firstText, ownRecord, parsePayload, stringRecord, text } from '../../normalize/values';
import { IngestValidationError, type Provider } from '../../provider';

const SOURCE = 'google-cloud';

const labelsSchema = ownRecord(z.unknown()).nullish();
// Cloud Monitoring webhook notification, schema version 1.2.
const incidentSchema = z.looseObject({
  incident_id: z.string().min(1).max(256),
  scoping_project_id: z.string().nullish(),
  url: z.string().nullish(),
  state: z.string(),
  started_at: z.union([z.number(), z.string()]).nullish(),
  ended_at: z.union([z.number(), z.string()]).nullish(),
  summary: z.string().nullish(),
  severity: z.string().nullish(),
  policy_name: z.string().nullish(),
  condition_name: z.string().nullish(),
  observed_value: z.union([z.string(), z.number()]).nullish(),
  threshold_value: z.union([z.string(), z.number()]).nullish(),
  resource_name: z.string().nullish(),
  resource_display_name: z.string().nullish(),
  resource_id: z.string().nullish(),
  resource_type_display_name: z.string().nullish(),
  resource: z.looseObject({ type: z.string().nullish(), labels: labelsSchema }).nullish(),
  metric: z
    .looseObject({ type: z.string().nullish(), displayName: z.string().nullish(), labels: labelsSchema })
    .nullish(),
  metadata: z.looseObject({ system_labels: labelsSchema, user_labels: labelsSchema }).nullish(),
  policy_user_labels: labelsSchema,
  documentation: z.looseObject({ content: z.string().nullish(), subject: z.string().nullish() }).nullish(),
});
const payloadSchema = z.looseObject({ incident: incidentSchema, version: z.string().nullish() });

/** Google Cloud Monitoring (Cloud Operations) webhook notification channel, version 1.2. */
export const googleCloudProvider: Provider = {
  kind: 'google-cloud',
  normalize(body) {
    const { incident: i } = parsePayload(payloadSchema, body);
    const state = i.state.toLowerCase();
    if (state !== 'open' && state !== 'closed') {
      throw new IngestValidationError([{ field: 'incident.state', message: 'expected "open" or "closed"' }]);
    }
    const resolved = state === 'closed';
    const userLabels = {
      ...stringRecord(i.policy_user_labels ?? undefined),
      ...stringRecord(i.metadata?.user_labels ?? undefined),
    };
    const resourceLabels = stringRecord(i.resource?.labels ?? undefined, 'resource.');
    const labels: Record<string, string> = {
      ...resourceLabels,
      ...stringRecord(i.metric?.labels ?? undefined, 'metric.'),
      ...userLabels,
    };
    if (text(i.policy_name)) labels.policy = i.policy_name!;
    if (text(i.scoping_project_id)) labels.project = i.scoping_project_id!;
    if (text(i.resource?.type)) labels.resource_type = i.resource!.type!;
    if (text(i.metric?.type)) labels.metric_type = i.metric!.type!;
    const annotations: Record<string, string> = {};
    if (text(i.condition_name)) annotations.condition = i.condition_name!;
    if (text(i.observed_value)) annotations.observed_value = String(i.observed_value);
    if (text(i.threshold_value)) annotations.threshold_value = String(i.threshold_value);
    if (text(i.documentation?.content)) annotations.documentation = i.documentation!.content!;
    const name = firstText(i.policy_name, i.condition_name) ?? `incident ${i.incident_id}`;
    const alert = finalizeAlert(
      {
        source: SOURCE,
        // incident_id is shared by the open and the closed notification of one incident.
        fingerprint: sourceKey(SOURCE, i.incident_id),
        status: resolved ? 'resolved' : 'firing',
        severity: lookupSeverity(GOOGLE_SEVERITY, i.severity ?? 'no severity') ?? 'warning',
        name,
        summary: firstText(i.summary, i.documentation?.subject, name),
        description: text(i.documentation?.content),
        service: firstText(
          userLabels.service,
          userLabels.app,
          resourceLabels['resource.service_name'],
          resourceLabels['resource.container_name'],
        ),
        environment: firstText(userLabels.environment, userLabels.env),
        resource: firstText(i.resource_name, i.resource_display_name, i.resource_id),
        labels,
        annotations,
        startsAt: parseTime(i.started_at, 'incident.started_at'),
        endsAt: resolved ? parseTime(i.ended_at, 'incident.ended_at') : undefined,
        generatorUrl: text(i.url),
      },
      'incident',
    );
    return { alerts: [alert] };
  },
};
