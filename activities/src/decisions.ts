import type { ParamValues } from '@hro/domain';
import type { ActivityDeps } from './deps';

/** An approve/reject decision to store before anything can execute. */
export interface RecordDecisionInput {
  situationId: string;
  userId: string;
  decision: 'approve' | 'reject';
  planHash: string;
  runbookId: string;
  params: ParamValues;
  reason: string;
  at: string;
}

/** Writes the Approval row (the audit record of who decided what, for which exact plan). */
export function createDecisionActivities({ prisma, logger }: ActivityDeps) {
  return {
    async recordDecision(input: RecordDecisionInput): Promise<{ approvalId: string }> {
      // Unique (situation, user, planHash, decision): an activity retry finds the row it already wrote.
      const row = await prisma.approval.upsert({
        where: {
          situationId_userId_planHash_decision: {
            situationId: input.situationId,
            userId: input.userId,
            planHash: input.planHash,
            decision: input.decision,
          },
        },
        update: {},
        create: {
          situationId: input.situationId,
          userId: input.userId,
          decision: input.decision,
          planHash: input.planHash,
          runbookId: input.runbookId,
          params: input.params,
          reason: input.reason,
          createdAt: new Date(input.at),
        },
      });
      logger.info(
        {
          situationId: input.situationId,
          workflowId: input.situationId,
          decision: input.decision,
          userId: input.userId,
        },
        'decision recorded',
      );
      return { approvalId: row.id };
    },
  };
}
