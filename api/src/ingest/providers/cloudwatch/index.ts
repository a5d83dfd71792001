import { severitySchema } from '@hro/domain';
import { z } from 'zod';
import { parseConfig, parsePayload } from '../../normalize/values';
import { IngestValidationError, type NormalizedBatch, type Provider, type ProviderContext } from '../../provider';
import { normalizeAlarm } from './alarm';
import {
  createCertificateFetcher,
  isSnsUrl,
  snsEnvelopeSchema,
  verifySnsSignature,
  type CertificateFetcher,
  type SnsEnvelope,
} from './sns-envelope';

/** integration.config for kind `cloudwatch`. */
export const cloudwatchConfigSchema = z.object({
  /** Accept only these topics; required for automatic subscription confirmation. */
  topicArns: z.array(z.string().min(1)).optional(),
  /** Verify SNS signatures (default). Off only for SNS raw message delivery behind a trusted hop. */
  verifySignature: z.boolean().default(true),
  /** Opt-in: confirm a subscription by visiting its SubscribeURL (topic must be in topicArns). */
  confirmSubscriptions: z.boolean().default(false),
  /**
   * Refuse envelopes whose SNS `Timestamp` is older than this (replay of a captured, validly
   * signed message). SNS keeps the original Timestamp on retries, so raise it only if the
   * topic's delivery policy retries for longer than an hour.
   */
  maxMessageAgeSeconds: z.number().int().min(60).max(86_400).default(3600),
  alarmSeverity: severitySchema.default('high'),
  service: z.string().optional(),
  environment: z.string().optional(),
});
type CloudwatchConfig = z.infer<typeof cloudwatchConfigSchema>;

/** Side effects of the SNS provider, injectable so tests need no AWS. */
export interface CloudwatchDeps {
  fetchCertificate: CertificateFetcher;
  /** GETs a verified SubscribeURL (only when the integration opted in). */
  confirmSubscription: (url: string) => Promise<void>;
}

function config(ctx: ProviderContext): CloudwatchConfig {
  return parseConfig(cloudwatchConfigSchema, ctx.integration.config);
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new IngestValidationError([{ field: '(body)', message: 'SNS body must be JSON (sent as text/plain)' }]);
  }
}

// Clocks drift: a Timestamp a little ahead of ours is still SNS's own.
const FUTURE_SKEW_MS = 5 * 60_000;

/** Blocks replays: an envelope must be recent (Timestamp is covered by the signature). */
function checkAge(env: SnsEnvelope, cfg: CloudwatchConfig, now: Date): void {
  const at = Date.parse(env.Timestamp);
  if (Number.isNaN(at)) {
    throw new IngestValidationError([{ field: 'Timestamp', message: 'must be an ISO 8601 time' }]);
  }
  const age = now.getTime() - at;
  if (age > cfg.maxMessageAgeSeconds * 1000) {
    throw new IngestValidationError([
      {
        field: 'Timestamp',
        message: `message is ${Math.round(age / 1000)} s old, more than ${cfg.maxMessageAgeSeconds} s: refused as a possible replay`,
      },
    ]);
  }
  if (-age > FUTURE_SKEW_MS) {
    throw new IngestValidationError([{ field: 'Timestamp', message: 'is more than 5 minutes in the future' }]);
  }
}

async function confirm(env: SnsEnvelope, cfg: CloudwatchConfig, deps: CloudwatchDeps): Promise<NormalizedBatch> {
  const allowed = cfg.confirmSubscriptions && (cfg.topicArns ?? []).includes(env.TopicArn);
  if (!allowed) {
    // Refused, so the pipeline records the payload: an admin can confirm by hand from there.
    throw new IngestValidationError(
      [
        {
          field: 'SubscribeURL',
          message: `subscription to ${env.TopicArn} not confirmed automatically: open the recorded SubscribeURL, or set confirmSubscriptions and list the topic in topicArns`,
        },
      ],
      403,
    );
  }
  const url = env.SubscribeURL ?? '';
  if (!isSnsUrl(url) || new URL(url).searchParams.get('Action') !== 'ConfirmSubscription') {
    throw new IngestValidationError([{ field: 'SubscribeURL', message: 'not an SNS ConfirmSubscription URL' }], 403);
  }
  try {
    await deps.confirmSubscription(url);
  } catch (err) {
    // SNS is unreachable or refused: upstream trouble, so SNS may resend the confirmation.
    throw new IngestValidationError(
      [{ field: 'SubscribeURL', message: `confirmation failed: ${(err as Error).message}` }],
      503,
    );
  }
  return { alerts: [], status: 200, reply: { confirmed: true, topicArn: env.TopicArn } };
}

/** The SNS provider with explicit side effects (certificate fetch, subscription confirmation). */
export function createCloudwatchProvider(deps: CloudwatchDeps): Provider {
  return {
    kind: 'cloudwatch',
    body: 'text',
    configSchema: cloudwatchConfigSchema,
    async normalize(body, ctx) {
      const cfg = config(ctx);
      const json = parseBody(body);
      const isEnvelope = json !== null && typeof json === 'object' && 'Type' in json;
      if (!isEnvelope) {
        if (cfg.verifySignature) {
          throw new IngestValidationError([
            { field: 'Type', message: 'expected an SNS envelope (raw message delivery needs verifySignature: false)' },
          ]);
        }
        return { alerts: [normalizeAlarm(json, cfg, '(body)')] };
      }
      const env = parsePayload(snsEnvelopeSchema, json);
      if (cfg.topicArns && !cfg.topicArns.includes(env.TopicArn)) {
        throw new IngestValidationError(
          [{ field: 'TopicArn', message: 'topic is not allowed for this integration' }],
          403,
        );
      }
      checkAge(env, cfg, ctx.receivedAt);
      // Confirmation messages are always verified: they lead to an outbound request.
      if (cfg.verifySignature || env.Type !== 'Notification') {
        await verifySnsSignature(env, deps.fetchCertificate, ctx.receivedAt);
      }
      if (env.Type === 'SubscriptionConfirmation') return confirm(env, cfg, deps);
      if (env.Type === 'UnsubscribeConfirmation') return { alerts: [], status: 200 };
      let message: unknown;
      try {
        message = JSON.parse(env.Message) as unknown;
      } catch {
        throw new IngestValidationError([{ field: 'Message', message: 'must be a CloudWatch alarm as a JSON string' }]);
      }
      return { alerts: [normalizeAlarm(message, cfg, 'Message')] };
    },
  };
}

/** Production wiring: HTTPS certificate fetch; confirmation GET only for opted-in integrations. */
export const cloudwatchProvider: Provider = createCloudwatchProvider({
  fetchCertificate: createCertificateFetcher(),
  async confirmSubscription(url) {
    const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`SNS answered ${res.status}`);
  },
});
