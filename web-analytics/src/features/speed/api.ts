import type { SpeedResponse } from '@hro/domain';
import type { AnalyticsParams } from '../../lib/params';
import { useApiQuery } from '../../lib/use-api-query';

/** `GET /analytics/speed`: MTTA, MTTR, approval latency, time in state, trend, slowest. */
export const useSpeed = (params: AnalyticsParams, refreshKey: number) =>
  useApiQuery<SpeedResponse>('/analytics/speed', params, refreshKey);
