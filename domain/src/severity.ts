import { z } from 'zod';

/** Canonical severities, most urgent first. Every provider maps into these four. */
export const SEVERITIES = ['critical', 'high', 'warning', 'info'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

/** Lower rank is more urgent; used to keep the highest severity seen. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** The more urgent of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) <= severityRank(b) ? a : b;
}
