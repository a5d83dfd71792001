import type { ActivityDeps } from './deps';

/** Settings key of the global remediation pause switch. */
export const REMEDIATION_PAUSED_KEY = 'remediation.paused';

/** Light activities about alert routing, settings and notifications. */
export function createRoutingActivities({ prisma, logger }: ActivityDeps) {
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

    /** Escalation hook: a structured warning today; paging integrations attach here. */
    async notifyEscalation(input: { situationId: string; title: string; expiresAt: string | null }): Promise<void> {
      logger.warn(
        { situationId: input.situationId, workflowId: input.situationId, expiresAt: input.expiresAt },
        `situation escalated: no decision yet on "${input.title}"`,
      );
    },
  };
}
