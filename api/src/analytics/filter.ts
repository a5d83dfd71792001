import {
  ANALYTICS_MAX_BUCKETS,
  ANALYTICS_MAX_RANGE_DAYS,
  BUCKET_SECONDS,
  analyticsQuerySchema,
  defaultBucket,
  type AnalyticsFilter,
  type AnalyticsRange,
} from '@hro/domain';
import { ValidationError } from '../http/errors';

const DAY_MS = 86_400_000;

/**
 * Validates `from`, `to`, `environment`, `service`, `bucket` and applies the defaults
 * (the 24 hours up to `now`, a bucket sized to the range). Throws ValidationError (400) naming `query.<field>`.
 */
export function parseAnalyticsQuery(raw: unknown, now: Date = new Date()): AnalyticsFilter {
  const parsed = analyticsQuerySchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((i) => ({
        // Unknown parameters are reported by name, not as the whole query object.
        field:
          i.code === 'unrecognized_keys' ? i.keys.map((k) => `query.${k}`).join(', ') : ['query', ...i.path].join('.'),
        message: i.code === 'unrecognized_keys' ? 'unknown query parameter' : i.message,
      })),
    );
  }
  const q = parsed.data;
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw new ValidationError([{ field: 'query.from', message: 'must be earlier than to' }]);
  }
  if (to.getTime() - from.getTime() > ANALYTICS_MAX_RANGE_DAYS * DAY_MS) {
    throw new ValidationError([
      { field: 'query.from', message: `range must not exceed ${ANALYTICS_MAX_RANGE_DAYS} days` },
    ]);
  }
  const bucket = q.bucket ?? defaultBucket(from, to);
  const buckets = (to.getTime() - from.getTime()) / 1000 / BUCKET_SECONDS[bucket];
  if (buckets > ANALYTICS_MAX_BUCKETS) {
    throw new ValidationError([
      {
        field: 'query.bucket',
        message: `too fine for this range (${Math.ceil(buckets)} > ${ANALYTICS_MAX_BUCKETS} buckets)`,
      },
    ]);
  }
  return { from, to, environment: q.environment ?? null, service: q.service ?? null, bucket };
}

/** The filter as echoed in every response. */
export function rangeOf(f: AnalyticsFilter): AnalyticsRange {
  return {
    from: f.from.toISOString(),
    to: f.to.toISOString(),
    environment: f.environment,
    service: f.service,
    bucket: f.bucket,
  };
}
