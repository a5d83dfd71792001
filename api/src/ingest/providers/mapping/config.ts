import { alertStatusSchema, severitySchema } from '@hro/domain';
import { z } from 'zod';
import { parseJsonPath, type JsonPath } from './json-path';

/** A `$…` path, or a literal constant (e.g. `service: "payments"`) when it does not start with `$`. */
export type FieldSource = { path: JsonPath } | { literal: string };

const fieldSource = z
  .string()
  .min(1)
  .max(512)
  .transform((expr, ctx): FieldSource => {
    if (!expr.startsWith('$')) return { literal: expr };
    const parsed = parseJsonPath(expr);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    return { path: parsed };
  });

const pathOnly = fieldSource.refine((s) => 'path' in s, 'must be a "$…" path');

/**
 * integration.config for kind `mapping`: field paths into the sender's JSON, plus value maps.
 * Exported so the admin API can validate a mapping when the integration is created.
 */
export const mappingConfigSchema = z.object({
  /** Canonical `source` for these alerts (e.g. "zabbix"); defaults to "mapping". */
  source: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, ".", "_" or "-"')
    .default('mapping'),
  /** Path to an array of alerts in the body; each element is then `$`. Default: the body is one alert. */
  alertsPath: pathOnly.optional(),
  fields: z.object({
    name: fieldSource,
    status: fieldSource.optional(),
    severity: fieldSource.optional(),
    fingerprint: fieldSource.optional(),
    service: fieldSource.optional(),
    environment: fieldSource.optional(),
    resource: fieldSource.optional(),
    summary: fieldSource.optional(),
    description: fieldSource.optional(),
    startsAt: fieldSource.optional(),
    endsAt: fieldSource.optional(),
    generatorUrl: fieldSource.optional(),
    /** Object, "k:v,k2:v2" string or ["k:v"] array; several paths are merged in order. */
    labels: z.union([pathOnly, z.array(pathOnly).max(16)]).optional(),
    annotations: z.union([pathOnly, z.array(pathOnly).max(16)]).optional(),
  }),
  /** Sender value → canonical severity, matched case-insensitively; the generic table is the fallback. */
  severityMap: z.record(z.string(), severitySchema).default({}),
  /** Sender value → firing/resolved/acknowledged, matched case-insensitively. */
  statusMap: z.record(z.string(), alertStatusSchema).default({}),
  defaults: z
    .object({ severity: severitySchema.default('warning'), status: alertStatusSchema.default('firing') })
    .default({ severity: 'warning', status: 'firing' }),
});
export type MappingConfig = z.infer<typeof mappingConfigSchema>;
