import { type CanonicalAlert } from '@hro/domain';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { sourceKey, stableJson } from '../../normalize/fingerprint';
import { PAGERDUTY_SEVERITY, requireSeverity } from '../../normalize/severity';
import { parseTime } from '../../normalize/time';
import { finalizeAlert, firstText, parsePayload, stringRecord, text } from '../../normalize/values';
import { IngestValidationError, type Provider, type ProviderContext } from '../../provider';

const SOURCE = 'pagerduty';

// PagerDuty Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/).
const payloadSchema = z.looseObject({
  summary: z.string().trim().min(1).max(1024),
  source: z.string().trim().min(1).max(255),
  severity: z.string(),
  timestamp: z.union([z.string(), z.number()]).nullish(),
  component: z.string().nullish(),
  group: z.string().nullish(),
  class: z.string().nullish(),
  custom_details: z.unknown().optional(),
});

const eventSchema = z.looseObject({
  // The routing key is PagerDuty's integration secret; authentication happens before us
  // and it is never copied into labels or annotations.
  routing_key: z.string().max(256).optional(),
  event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
  dedup_key: z.string().trim().min(1).max(255).optional(),
  payload: z.unknown().optional(),
  client: z.string().nullish(),
  client_url: z.string().nullish(),
  links: z.array(z.looseObject({ href: z.string(), text: z.string().optional() })).nullish(),
  images: z.array(z.looseObject({ src: z.string() })).nullish(),
});
type TriggerPayload = z.infer<typeof payloadSchema>;

/**
 * PagerDuty generates a key for a keyless trigger; we derive it from what identifies the
 * event so a retried request dedups instead of opening a second alert.
 */
function generatedKey(p: TriggerPayload): string {
  const identity = { summary: p.summary, source: p.source, component: p.component, group: p.group, class: p.class };
  return createHash('sha256').update(stableJson(identity)).digest('hex').slice(0, 32);
}

function trigger(event: z.infer<typeof eventSchema>, ctx: ProviderContext): { alert: CanonicalAlert; key: string } {
  if (event.payload === undefined || event.payload === null) {
    throw new IngestValidationError([{ field: 'payload', message: 'required for event_action "trigger"' }]);
  }
  const p = parsePayload(payloadSchema, event.payload, 'payload');
  const key = event.dedup_key ?? generatedKey(p);
  const details =
    p.custom_details !== null && typeof p.custom_details === 'object'
      ? (p.custom_details as Record<string, unknown>)
      : {};
  const annotations = stringRecord(details, 'details.');
  if (typeof p.custom_details === 'string') annotations.details = p.custom_details;
  const client = firstText(event.client);
  if (client) annotations.client = client;
  const labels: Record<string, string> = { source: p.source };
  if (text(p.component)) labels.component = p.component!;
  if (text(p.group)) labels.group = p.group!;
  if (text(p.class)) labels.class = p.class!;
  const alert = finalizeAlert({
    source: SOURCE,
    fingerprint: sourceKey(SOURCE, ctx.integration.id, key),
    status: 'firing',
    severity: requireSeverity(PAGERDUTY_SEVERITY, p.severity, 'payload.severity'),
    name: firstText(p.class, p.summary) ?? key,
    summary: p.summary,
    service: firstText(details.service, p.component, p.group),
    environment: firstText(details.environment, details.env),
    resource: p.source,
    labels,
    annotations,
    startsAt: parseTime(p.timestamp, 'payload.timestamp'),
    generatorUrl: firstText(event.client_url, event.links?.[0]?.href),
  });
  return { alert, key };
}

/** Acknowledge/resolve carry only the key: the store updates the alert it names, never creates one. */
function followUp(event: z.infer<typeof eventSchema>, ctx: ProviderContext): { alert: CanonicalAlert; key: string } {
  const key = event.dedup_key;
  if (key === undefined) {
    throw new IngestValidationError([
      { field: 'dedup_key', message: `required for event_action "${event.event_action}"` },
    ]);
  }
  const resolved = event.event_action === 'resolve';
  const alert = finalizeAlert({
    source: SOURCE,
    fingerprint: sourceKey(SOURCE, ctx.integration.id, key),
    status: resolved ? 'resolved' : 'acknowledged',
    name: key,
    labels: {},
    annotations: {},
    // The Events API has no end time. No endsAt: the store takes the arrival time, and our
    // clock is not compared with the sender's `payload.timestamp` (a sender whose clock runs
    // ahead would otherwise have its resolves judged stale and dropped).
  });
  return { alert, key };
}

/**
 * The routing key of an Events API body, for the Events-API-shaped path where existing
 * senders authenticate with `routing_key` (our integration token) instead of a header.
 */
export function routingKeyOf(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const key = (body as Record<string, unknown>).routing_key;
  return typeof key === 'string' && key !== '' ? key : undefined;
}

/** PagerDuty Events API v2: trigger / acknowledge / resolve by `dedup_key`, answered like PagerDuty. */
export const pagerdutyProvider: Provider = {
  kind: 'pagerduty',
  normalize(body, ctx) {
    const event = parsePayload(eventSchema, body);
    const { alert, key } = event.event_action === 'trigger' ? trigger(event, ctx) : followUp(event, ctx);
    return {
      alerts: [alert],
      status: 202,
      reply: { status: 'success', message: 'Event processed', dedup_key: key },
    };
  },
};
