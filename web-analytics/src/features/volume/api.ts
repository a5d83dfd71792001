import type { VolumeResponse } from '@hro/domain';
import type { AnalyticsParams } from '../../lib/params';
import { useApiQuery } from '../../lib/use-api-query';

/** `GET /analytics/volume`: deliveries, unique alerts, situations and their ratios. */
export const useVolume = (params: AnalyticsParams, refreshKey: number) =>
  useApiQuery<VolumeResponse>('/analytics/volume', params, refreshKey);
