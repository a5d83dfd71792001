import type { SafetyResponse } from '@hro/domain';
import type { AnalyticsParams } from '../../lib/params';
import { useApiQuery } from '../../lib/use-api-query';

/** `GET /analytics/safety`: remediation outcomes overall and per runbook. */
export const useSafety = (params: AnalyticsParams, refreshKey: number) =>
  useApiQuery<SafetyResponse>('/analytics/safety', params, refreshKey);
