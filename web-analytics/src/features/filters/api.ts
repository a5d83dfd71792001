import type { AnalyticsOptions } from '@hro/domain';
import { useApiQuery } from '../../lib/use-api-query';

/** `GET /analytics/options`: environments and services to filter by. */
export const useFilterOptions = (refreshKey: number) =>
  useApiQuery<AnalyticsOptions>('/analytics/options', {}, refreshKey);
