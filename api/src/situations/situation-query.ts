import { SEVERITIES, severitySchema, situationStateSchema, type Page, type SituationSummary } from '@hro/domain';
import { Prisma, type PrismaClient } from '@hro/db';
import { z } from 'zod';
import { toSituationSummary, type SituationDetailRowLike } from './situation-mapper';

// Query strings arrive as `state=a&state=b` or `state=a,b`; both mean "any of".
const listParam = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter((s) => s !== ''));

/** `GET /api/v1/situations` query parameters. */
export const situationListQuerySchema = z.object({
  state: listParam.pipe(z.array(situationStateSchema)).optional(),
  severity: listParam.pipe(z.array(severitySchema)).optional(),
  service: z.string().max(256).optional(),
  environment: z.string().max(256).optional(),
  escalated: z.enum(['true', 'false']).optional(),
  closed: z.enum(['true', 'false']).optional(),
  q: z.string().max(256).optional(),
  sort: z.enum(['severity', 'createdAt', 'updatedAt']).default('updatedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type SituationListQuery = z.infer<typeof situationListQuerySchema>;

function whereClause(q: SituationListQuery): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (q.state?.length) parts.push(Prisma.sql`s."state" IN (${Prisma.join(q.state)})`);
  if (q.severity?.length) parts.push(Prisma.sql`s."severity" IN (${Prisma.join(q.severity)})`);
  if (q.service) parts.push(Prisma.sql`s."service" = ${q.service}`);
  if (q.environment) parts.push(Prisma.sql`s."environment" = ${q.environment}`);
  if (q.escalated) parts.push(Prisma.sql`s."escalated" = ${q.escalated === 'true'}`);
  if (q.closed)
    parts.push(q.closed === 'true' ? Prisma.sql`s."closedAt" IS NOT NULL` : Prisma.sql`s."closedAt" IS NULL`);
  if (q.q) {
    // Text search over the title and the names of the situation's alerts; ILIKE
    // metacharacters in the user's text are escaped so they match literally.
    const pattern = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(
      Prisma.sql`(s."title" ILIKE ${pattern} OR EXISTS (SELECT 1 FROM "Alert" a WHERE a."situationId" = s."id" AND a."name" ILIKE ${pattern}))`,
    );
  }
  return Prisma.join(parts, ' AND ');
}

function orderClause(q: SituationListQuery): Prisma.Sql {
  const dir = q.order === 'asc' ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  if (q.sort === 'severity') {
    // Severity sorts by urgency rank, not alphabetically; "desc" means most urgent first.
    const rank = Prisma.join(
      SEVERITIES.map((s, i) => Prisma.sql`WHEN ${s} THEN ${SEVERITIES.length - i}`),
      ' ',
    );
    return Prisma.sql`CASE s."severity" ${rank} ELSE 0 END ${dir}, s."updatedAt" DESC, s."id" ASC`;
  }
  const column = q.sort === 'createdAt' ? Prisma.sql`s."createdAt"` : Prisma.sql`s."updatedAt"`;
  return Prisma.sql`${column} ${dir}, s."id" ASC`;
}

/** One page of situations matching the filters, in the requested order. */
export async function listSituations(prisma: PrismaClient, q: SituationListQuery): Promise<Page<SituationSummary>> {
  const where = whereClause(q);
  const [ids, counted] = await Promise.all([
    prisma.$queryRaw<{ id: string }[]>(
      Prisma.sql`SELECT s."id" FROM "Situation" s WHERE ${where} ORDER BY ${orderClause(q)} LIMIT ${q.limit} OFFSET ${q.offset}`,
    ),
    prisma.$queryRaw<{ n: bigint }[]>(Prisma.sql`SELECT count(*) AS n FROM "Situation" s WHERE ${where}`),
  ]);
  const rows = await prisma.situation.findMany({ where: { id: { in: ids.map((r) => r.id) } } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = ids.flatMap((r) => {
    const row = byId.get(r.id);
    return row ? [toSituationSummary(row)] : [];
  });
  return { items, total: Number(counted[0]?.n ?? 0), limit: q.limit, offset: q.offset };
}

/** Most alert events one detail timeline carries (newest kept). */
export const TIMELINE_ALERT_EVENTS = 2_000;

/** A situation with everything its detail view shows, or null when unknown. */
export async function loadSituationDetailRow(prisma: PrismaClient, id: string): Promise<SituationDetailRowLike | null> {
  const row = await prisma.situation.findUnique({
    where: { id },
    include: {
      alerts: { orderBy: [{ firstSeenAt: 'asc' }, { id: 'asc' }] },
      transitions: { orderBy: [{ version: 'asc' }] },
      approvals: { orderBy: [{ createdAt: 'asc' }], include: { user: { select: { email: true } } } },
      steps: true,
    },
  });
  if (!row) return null;
  // A storm can log many thousands of deliveries; the timeline keeps the newest ones.
  const alertEvents = await prisma.alertEvent.findMany({
    where: { alertId: { in: row.alerts.map((a) => a.id) } },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: TIMELINE_ALERT_EVENTS,
  });
  return { ...row, alertEvents: alertEvents.reverse() };
}
