/** Query parameters every analytics hook takes (from, to, environment, service, bucket). */
export type AnalyticsParams = Record<string, string | undefined>;
