import type { CompressionResponse } from '@hro/domain';
import type { AnalyticsParams } from '../../lib/params';
import { useApiQuery } from '../../lib/use-api-query';

/** `GET /analytics/compression`: per bucket deliveries, unique alerts and situations. */
export const useCompression = (params: AnalyticsParams, refreshKey: number) =>
  useApiQuery<CompressionResponse>('/analytics/compression', params, refreshKey);
