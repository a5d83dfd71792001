import {
  CLOSE_SIGNAL,
  DECIDE_UPDATE,
  isTerminal,
  type Actor,
  type DecisionRequest,
  type DecisionResult,
  type DecisionUpdate,
  type SituationState,
} from '@hro/domain';
import type { PrismaClient } from '@hro/db';
import { ConflictError, NotFoundError } from '../http/errors';
import { withTemporalDeadline, type TemporalAccess } from '../temporal';
import { temporalHttpError } from './temporal-errors';

export interface DecisionDeps {
  prisma: PrismaClient;
  temporal: TemporalAccess;
  /** Upper bound for one decide/close round trip (the update waits for the approval record). */
  temporalTimeoutMs: number;
  now?: () => Date;
}

/** CLOSE_SIGNAL payload as the situation workflow defines it (`actor` is the email). */
export interface CloseSignal {
  actor: string;
  reason: string;
}

async function situationOrThrow(prisma: PrismaClient, id: string): Promise<{ state: string; closedAt: Date | null }> {
  const row = await prisma.situation.findUnique({ where: { id }, select: { state: true, closedAt: true } });
  if (!row) throw new NotFoundError(`Situation ${id} does not exist.`);
  return row;
}

// A workflow that is gone while the projection says it finished is a conflict, not a 404.
function finishedState(row: { state: string; closedAt: Date | null }): string | null {
  return row.closedAt || isTerminal(row.state as SituationState) ? row.state : null;
}

/**
 * Sends an authenticated decision to the situation workflow's `decide` update and returns
 * its verdict. The workflow's validator is the authority (state, plan hash, four-eyes):
 * its refusal becomes a 409 with the workflow's reason.
 */
export async function decide(
  deps: DecisionDeps,
  situationId: string,
  request: DecisionRequest,
  actor: Actor,
): Promise<DecisionResult> {
  const row = await situationOrThrow(deps.prisma, situationId);
  const update: DecisionUpdate = { ...request, actor, decidedAt: (deps.now?.() ?? new Date()).toISOString() };
  try {
    return await withTemporalDeadline(deps.temporal, deps.temporalTimeoutMs, () =>
      deps.temporal.client.workflow
        .getHandle(situationId)
        .executeUpdate<DecisionResult, [DecisionUpdate]>(DECIDE_UPDATE, { args: [update] }),
    );
  } catch (err) {
    throw temporalHttpError(err, situationId, finishedState(row));
  }
}

/** Closes a rejected situation that humans handled manually (CLOSE_SIGNAL). */
export async function closeSituation(
  deps: DecisionDeps,
  situationId: string,
  reason: string,
  actor: Actor,
): Promise<void> {
  const row = await situationOrThrow(deps.prisma, situationId);
  if (row.state !== 'rejected' || row.closedAt) {
    throw new ConflictError(
      `Only a situation in manual handling (rejected, still open) can be closed; this one is ${row.state}${row.closedAt ? ' and closed' : ''}.`,
    );
  }
  const signal: CloseSignal = { actor: actor.email, reason };
  try {
    await withTemporalDeadline(deps.temporal, deps.temporalTimeoutMs, () =>
      deps.temporal.client.workflow.getHandle(situationId).signal<[CloseSignal]>(CLOSE_SIGNAL, signal),
    );
  } catch (err) {
    throw temporalHttpError(err, situationId, finishedState(row));
  }
}
