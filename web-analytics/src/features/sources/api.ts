import type { SourcesResponse } from '@hro/domain';
import type { AnalyticsParams } from '../../lib/params';
import { useApiQuery } from '../../lib/use-api-query';

/** `GET /analytics/sources`: noisiest services, alert names, integrations; flapping alerts. */
export const useSources = (params: AnalyticsParams, refreshKey: number) =>
  useApiQuery<SourcesResponse>('/analytics/sources', params, refreshKey);
