import type { SituationFeatures, SituationState, SituationView } from '@hro/domain';
import type { ActivityDeps } from './deps';
import { dateOrNull, jsonOrNull } from './json';
import { summaryOf } from './summary';

/** One state change of a situation as the workflow reports it. */
export interface ProjectionInput {
  snapshot: SituationView;
  transition: {
    from: SituationState | null;
    to: SituationState;
    reason: string;
    actor: string | null;
    at: string;
  };
  features: SituationFeatures;
}

/**
 * Projects a workflow snapshot into Postgres (Situation + SituationTransition) and publishes
 * `situation.changed`. Idempotent and order-safe: a version at or below the stored one is
 * ignored, so activity retries and late deliveries never move the projection backwards.
 */
export function createProjectionActivities({ prisma, publisher, logger }: ActivityDeps) {
  return {
    async projectSituation(input: ProjectionInput): Promise<{ applied: boolean }> {
      const s = input.snapshot;
      const t = input.transition;
      const data = {
        correlationKey: s.correlationKey,
        title: s.title,
        state: s.state,
        severity: s.severity,
        service: s.service,
        environment: s.environment,
        escalated: s.escalated,
        alertCount: s.alertCount,
        firingCount: s.firingCount,
        version: s.version,
        runbookId: s.plan?.runbookId ?? null,
        planHash: s.plan?.hash ?? null,
        plan: jsonOrNull(s.plan),
        recommendation: jsonOrNull(s.recommendation),
        outcome: jsonOrNull(s.outcome),
        features: jsonOrNull(input.features),
        escalatesAt: dateOrNull(s.escalatesAt),
        expiresAt: dateOrNull(s.expiresAt),
        firstAlertAt: dateOrNull(s.firstAlertAt),
        decidedAt: dateOrNull(s.decidedAt),
        closedAt: s.closed ? new Date(t.at) : null,
        updatedAt: new Date(s.updatedAt),
      };
      const applied = await prisma.$transaction(async (tx) => {
        // The router normally creates the row; if it has not, create a placeholder (version 0)
        // that concurrent projections can all lock, then apply in version order under the lock.
        await tx.$executeRaw`
          INSERT INTO "Situation" (id, "correlationKey", title, state, severity, "createdAt", "updatedAt")
          VALUES (${s.situationId}, ${s.correlationKey}, ${s.title}, ${s.state}, ${s.severity},
                  ${new Date(s.createdAt)}, ${new Date(s.updatedAt)})
          ON CONFLICT (id) DO NOTHING`;
        const rows = await tx.$queryRaw<{ version: number }[]>`
          SELECT version FROM "Situation" WHERE id = ${s.situationId} FOR UPDATE`;
        if ((rows[0]?.version ?? 0) >= s.version) return false;
        await tx.situation.update({ where: { id: s.situationId }, data });
        await tx.situationTransition.createMany({
          data: [
            {
              situationId: s.situationId,
              fromState: t.from,
              toState: t.to,
              at: new Date(t.at),
              reason: t.reason,
              actor: t.actor,
              version: s.version,
            },
          ],
          skipDuplicates: true,
        });
        if (s.closed) {
          // A finished situation absorbs nothing: new alerts for this key open a new one.
          await tx.correlationKey.updateMany({
            where: { key: s.correlationKey, situationId: s.situationId },
            data: { situationId: null },
          });
        }
        return true;
      });
      if (applied) {
        publisher.situationChanged({ situation: summaryOf(s), version: s.version });
        logger.info(
          { situationId: s.situationId, workflowId: s.situationId, version: s.version, from: t.from, to: t.to },
          'situation projected',
        );
      }
      return { applied };
    },
  };
}
