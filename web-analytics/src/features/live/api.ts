import type { LiveResponse } from '@hro/domain';
import { useApiQuery } from '../../lib/use-api-query';

/** `GET /analytics/live`: deliveries per minute over the last hour. */
export const useLive = (params: { environment?: string; service?: string }, refreshKey: number) =>
  useApiQuery<LiveResponse>('/analytics/live', params, refreshKey);
