import type { CanonicalAlert } from '@hro/domain';
import type { NormalizedBatch, ProviderContext } from '../../src/ingest/provider';
import { IngestValidationError } from '../../src/ingest/provider';

/** A provider context as the pipeline builds it. */
export function ctx(
  kind: string,
  config: unknown = {},
  receivedAt = new Date('2026-12-03T12:00:00.000Z'),
): ProviderContext {
  return {
    integration: { id: '00000000-0000-4000-8000-000000000001', name: `${kind}-test`, kind, config },
    receivedAt,
    headers: {},
  };
}

/** The single alert of a batch (fails the test when there is not exactly one). */
export function only(batch: NormalizedBatch): CanonicalAlert {
  expect(batch.alerts).toHaveLength(1);
  return batch.alerts[0]!;
}

/** Runs `fn` and returns the IngestValidationError it throws (fails when it does not). */
export async function validationError(fn: () => unknown): Promise<IngestValidationError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof IngestValidationError) return err;
    throw err;
  }
  throw new Error('expected an IngestValidationError');
}
