import type { FunnelResponse } from '@hro/domain';
import type { AnalyticsParams } from '../../lib/params';
import { useApiQuery } from '../../lib/use-api-query';

/** `GET /analytics/funnel`: situations reaching each state. */
export const useFunnel = (params: AnalyticsParams, refreshKey: number) =>
  useApiQuery<FunnelResponse>('/analytics/funnel', params, refreshKey);
