import { ApplicationFailure } from '@temporalio/common';

/** The step is not allowed by the operator's policy (host or executable not allow-listed). */
export function policyViolation(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, 'StepPolicyViolation');
}

/** The step cannot work as configured (bad URL, executable missing); retrying cannot help. */
export function configError(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, 'StepConfigError');
}

/** A failed attempt that a retry may fix (unexpected status, exit code, timeout). */
export function stepFailed(message: string): ApplicationFailure {
  return ApplicationFailure.retryable(message, 'StepFailed');
}
