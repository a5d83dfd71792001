import type { ActivityDeps } from './deps';

/** Settings key of the global remediation pause switch. */
export const REMEDIATION_PAUSED_KEY = 'remediation.paused';

/** The base URL used for links when none is configured (the API's default port). */
export const DEFAULT_PUBLIC_URL = 'http://localhost:3000';
const WEBHOOK_TIMEOUT_MS = 10_000;

/** What the workflow hands `notifyEscalation`; older runs sent only id, title and expiry. */
export interface EscalationInput {
  situationId: string;
  title: string;
  severity?: string | null;
  service?: string | null;
  environment?: string | null;
  escalatesAt?: string | null;
  expiresAt: string | null;
}

/** The JSON body of an escalation webhook call. */
export interface EscalationNotice {
  text: string;
  situation: {
    id: string;
    title: string;
    severity: string | null;
    service: string | null;
    environment: string | null;
    escalatesAt?: string;
    expiresAt: string | null;
    url: string;
  };
}

/** Link to the situation in the command center (its Angular route under /responder). */
export function situationUrl(publicUrl: string, situationId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/responder/situations/${encodeURIComponent(situationId)}`;
}

/** `2025-05-01T10:15:00.000Z` → `2025-05-01 10:15 UTC` (readable in a chat line). */
function readableTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Builds the notice: one chat line in `text`, the facts in `situation`. */
export function escalationNotice(input: EscalationInput, publicUrl = DEFAULT_PUBLIC_URL): EscalationNotice {
  const url = situationUrl(publicUrl, input.situationId);
  const expires = input.expiresAt ? `; expires ${readableTime(input.expiresAt)}` : '';
  return {
    text: `⚠ Situation escalated: ${input.title} — no decision yet${expires}. ${url}`,
    situation: {
      id: input.situationId,
      title: input.title,
      severity: input.severity ?? null,
      service: input.service ?? null,
      environment: input.environment ?? null,
      ...(input.escalatesAt ? { escalatesAt: input.escalatesAt } : {}),
      expiresAt: input.expiresAt,
      url,
    },
  };
}

/** Why a fetch failed, without the URL (it may carry a token): the timeout or the socket error's code. */
function networkReason(err: unknown, url: string): string {
  // Duck-typed: fetch's errors may come from another realm (instanceof Error fails there).
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    name?: unknown;
    message?: unknown;
    cause?: unknown;
  };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`;
  const code = (e.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  return (typeof e.message === 'string' ? e.message : String(err)).replaceAll(url, '<webhook URL>');
}

/** Light activities about alert routing, settings and notifications. */
export function createRoutingActivities({ prisma, logger, escalationWebhookUrl, publicUrl }: ActivityDeps) {
  return {
    /**
     * Hands alerts that reached a finished situation back to the router: their outbox rows
     * become unrouted again, so the router opens (or finds) the right open situation.
     */
    async rerouteAlerts(input: { situationId: string; seqs: number[] }): Promise<{ rerouted: number }> {
      if (input.seqs.length === 0) return { rerouted: 0 };
      const { count } = await prisma.outboxEntry.updateMany({
        where: { id: { in: input.seqs.map((s) => BigInt(s)) } },
        data: { routedAt: null, workflowId: null },
      });
      logger.info({ situationId: input.situationId, workflowId: input.situationId, count }, 'alerts handed back');
      return { rerouted: count };
    },

    /** True when the situation's projection says its workflow already finished. */
    async situationClosed(input: { situationId: string }): Promise<boolean> {
      const row = await prisma.situation.findUnique({ where: { id: input.situationId }, select: { closedAt: true } });
      return row?.closedAt != null;
    },

    /** True while the operator's global switch pauses all remediation. */
    async isRemediationPaused(): Promise<boolean> {
      const row = await prisma.setting.findUnique({ where: { key: REMEDIATION_PAUSED_KEY } });
      return row?.value === true;
    },

    /**
     * Escalation notice: a structured warning, and with a webhook configured a POST that
     * Slack/Mattermost incoming webhooks (and Teams workflows) show as `text`, while generic
     * receivers read `situation`. A non-2xx answer or a network error throws, so Temporal
     * retries (the workflow bounds the attempts and carries on when they are used up).
     */
    async notifyEscalation(input: EscalationInput): Promise<void> {
      const notice = escalationNotice(input, publicUrl);
      logger.warn(
        {
          situationId: input.situationId,
          workflowId: input.situationId,
          severity: notice.situation.severity,
          service: notice.situation.service,
          environment: notice.situation.environment,
          expiresAt: input.expiresAt,
          url: notice.situation.url,
        },
        `situation escalated: no decision yet on "${input.title}"`,
      );
      if (!escalationWebhookUrl) return;
      let res: Response;
      try {
        res = await fetch(escalationWebhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(notice),
          redirect: 'manual',
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
      } catch (err) {
        // The webhook URL may carry a token: name the failure, never the URL (fetch's own
        // network errors name only host and port).
        throw new Error(`escalation webhook unreachable: ${networkReason(err, escalationWebhookUrl)}`, { cause: err });
      }
      // Drain the body so the connection is released; its content is not needed.
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) {
        throw new Error(`escalation webhook answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
      }
      logger.info({ situationId: input.situationId, workflowId: input.situationId }, 'escalation notice sent');
    },
  };
}
