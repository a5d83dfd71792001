import type { HeatmapResponse } from '@hro/domain';
import type { AnalyticsParams } from '../../lib/params';
import { useApiQuery } from '../../lib/use-api-query';

/** `GET /analytics/heatmap`: deliveries per service × hour of day. */
export const useHeatmap = (params: AnalyticsParams, refreshKey: number) =>
  useApiQuery<HeatmapResponse>('/analytics/heatmap', params, refreshKey);
