import { type CanonicalAlert, type Severity } from '@hro/domain';
import { z } from 'zod';
import { sourceKey } from '../../normalize/fingerprint';
import { CLOUDWATCH_STATE_SEVERITY, lookupSeverity } from '../../normalize/severity';
import { parseTime } from '../../normalize/time';
import { finalizeAlert, firstText, parsePayload, text } from '../../normalize/values';

const SOURCE = 'cloudwatch';

const dimensionSchema = z.looseObject({ name: z.string(), value: z.union([z.string(), z.number()]) });

// The alarm state-change message CloudWatch publishes to SNS (metric and composite alarms).
export const alarmSchema = z.looseObject({
  AlarmName: z.string().min(1).max(512),
  AlarmDescription: z.string().nullish(),
  AWSAccountId: z.union([z.string(), z.number()]).nullish(),
  NewStateValue: z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']),
  NewStateReason: z.string().nullish(),
  OldStateValue: z.string().nullish(),
  StateChangeTime: z.union([z.string(), z.number()]),
  Region: z.string().nullish(),
  AlarmArn: z.string().nullish(),
  AlarmRule: z.string().nullish(),
  Trigger: z
    .looseObject({
      MetricName: z.string().nullish(),
      Namespace: z.string().nullish(),
      Statistic: z.string().nullish(),
      Dimensions: z.array(dimensionSchema).nullish(),
      ComparisonOperator: z.string().nullish(),
      Threshold: z.number().nullish(),
    })
    .nullish(),
});

/** Per-integration choices for alarms, which carry no severity, service or environment. */
export interface AlarmDefaults {
  alarmSeverity: Severity;
  service?: string;
  environment?: string;
}

function regionOf(arn: string | undefined): string | undefined {
  // arn:aws:cloudwatch:<region>:<account>:alarm:<name>
  return arn?.split(':')[3] || undefined;
}

/** Normalizes a CloudWatch alarm message (the JSON inside SNS `Message`); `field` prefixes errors. */
export function normalizeAlarm(raw: unknown, defaults: AlarmDefaults, field: string): CanonicalAlert {
  const alarm = parsePayload(alarmSchema, raw, field);
  const arn = text(alarm.AlarmArn);
  const account = text(alarm.AWSAccountId);
  const region = regionOf(arn);
  const trigger = alarm.Trigger ?? undefined;
  const labels: Record<string, string> = { alarm_name: alarm.AlarmName };
  if (account) labels.account = account;
  if (region) labels.region = region;
  if (text(trigger?.Namespace)) labels.namespace = trigger!.Namespace!;
  if (text(trigger?.MetricName)) labels.metric = trigger!.MetricName!;
  for (const d of trigger?.Dimensions ?? []) labels[`dimension.${d.name}`] = String(d.value);
  const annotations: Record<string, string> = {};
  if (text(alarm.OldStateValue)) annotations.old_state = alarm.OldStateValue!;
  if (text(alarm.AlarmRule)) annotations.alarm_rule = alarm.AlarmRule!;
  if (trigger?.Threshold !== undefined && trigger.Threshold !== null) {
    annotations.threshold = `${trigger.ComparisonOperator ?? ''} ${trigger.Threshold}`.trim();
  }
  const resolved = alarm.NewStateValue === 'OK';
  const at = parseTime(alarm.StateChangeTime, `${field}.StateChangeTime`);
  const severity: Severity | undefined = resolved
    ? undefined
    : alarm.NewStateValue === 'ALARM'
      ? defaults.alarmSeverity
      : lookupSeverity(CLOUDWATCH_STATE_SEVERITY, alarm.NewStateValue);
  return finalizeAlert(
    {
      source: SOURCE,
      // The alarm ARN is unique per alarm and stable across ALARM → OK → ALARM.
      fingerprint: arn
        ? sourceKey(SOURCE, arn)
        : sourceKey(SOURCE, account ?? '-', alarm.Region ?? '-', alarm.AlarmName),
      status: resolved ? 'resolved' : 'firing',
      severity,
      name: alarm.AlarmName,
      summary: firstText(alarm.AlarmDescription, alarm.NewStateReason, alarm.AlarmName),
      description: text(alarm.NewStateReason),
      service: firstText(defaults.service, trigger?.Namespace),
      environment: text(defaults.environment),
      resource: firstText(trigger?.Dimensions?.[0]?.value, arn),
      labels,
      annotations,
      startsAt: resolved ? undefined : at,
      endsAt: resolved ? at : undefined,
      generatorUrl: region
        ? `https://console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(alarm.AlarmName)}`
        : undefined,
    },
    field,
  );
}
