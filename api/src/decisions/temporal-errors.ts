import {
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ConflictError, HttpError, NotFoundError } from '../http/errors';

/** 503 problem: Temporal could not be reached (or did not answer) in time; safe to retry. */
export class TemporalUnavailableError extends HttpError {
  constructor(detail: string) {
    super(503, 'Temporal unavailable', detail, undefined, { 'Retry-After': '5' });
  }
}

// The workflow's validator refuses with an ApplicationFailure whose message is the reason.
function refusalReason(err: WorkflowUpdateFailedError): string {
  const cause = err.cause;
  return cause instanceof Error && cause.message ? cause.message : err.message;
}

// gRPC status codes meaning "could not talk to Temporal" (CANCELLED, DEADLINE_EXCEEDED,
// RESOURCE_EXHAUSTED, UNAVAILABLE); numeric so the API needs no direct grpc-js dependency.
const UNREACHABLE_CODES = new Set([1, 4, 8, 14]);

function grpcCode(err: unknown): number | undefined {
  if (isGrpcServiceError(err)) return err.code;
  if (err instanceof ServiceError) return grpcCode(err.cause);
  return undefined;
}

/**
 * Maps a Temporal client error from a decide/close call to an HTTP problem.
 * `finishedState` is the projected state when the situation has already ended: a message to
 * a closed workflow is then a conflict ("already decided"), not a missing resource.
 */
export function temporalHttpError(err: unknown, situationId: string, finishedState: string | null): unknown {
  if (err instanceof WorkflowUpdateFailedError) return new ConflictError(refusalReason(err));
  if (err instanceof WorkflowNotFoundError) {
    if (finishedState) return new ConflictError(`The situation has already finished (${finishedState}).`);
    return new NotFoundError(`No running workflow for situation ${situationId}.`);
  }
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new TemporalUnavailableError('Temporal did not answer in time; the decision may not have been recorded.');
  }
  const code = grpcCode(err);
  if (code !== undefined && UNREACHABLE_CODES.has(code)) {
    return new TemporalUnavailableError('Temporal is unreachable; try again shortly.');
  }
  return err;
}
