import { Prisma } from '@hro/db';
import {
  TERMINAL_STATES,
  SITUATION_STATES,
  type AnalyticsFilter,
  type DurationStats,
  type SituationState,
  type SpeedResponse,
} from '@hro/domain';
import { rangeOf } from './filter';
import { bucketOf, bucketSeries, iso, situationsInRange, type AnalyticsDb } from './scope';

const OPEN_STATES = SITUATION_STATES.filter((s) => !TERMINAL_STATES.includes(s));

/**
 * Per situation in range: when its first alert fired, its first human decision (the
 * earliest Approval row, approve or reject; else the workflow's decidedAt, which only a
 * human decision sets) and, if it ended `resolved`, when it closed.
 */
function situationTimes(f: AnalyticsFilter): Prisma.Sql {
  return Prisma.sql`
    -- MATERIALIZED: the lookups run once per situation, not once per aggregate using them.
    sit AS MATERIALIZED (
      SELECT s."id", s."title", s."state", s."createdAt",
             COALESCE(s."firstAlertAt", s."createdAt") AS first_at,
             COALESCE((SELECT min(ap."createdAt") FROM "Approval" ap WHERE ap."situationId" = s."id"),
                      s."decidedAt") AS decided_at,
             CASE WHEN s."state" = 'resolved' THEN COALESCE(s."closedAt",
               (SELECT min(t."at") FROM "SituationTransition" t
                 WHERE t."situationId" = s."id" AND t."toState" = 'resolved')) END AS resolved_at
      FROM ${situationsInRange(f)}
    ),
    m AS (
      SELECT sit.*,
             extract(epoch FROM decided_at - first_at)::float8 AS ack,
             extract(epoch FROM resolved_at - first_at)::float8 AS res
      FROM sit
    )`;
}

/**
 * Stays of the situations in range, one row per stay: `stay(sid, state, "at", next_at,
 * closed_at)`. A stay starts where the state changes and lasts until the next change
 * (`next_at`, null for the current state). Same-state transitions (alert updates, the first
 * of two approvals, an escalation) continue the stay they are in: they are not visits.
 */
function stays(f: AnalyticsFilter): Prisma.Sql {
  return Prisma.sql`
    tr AS (
      SELECT t."situationId" AS sid, t."toState" AS state, t."at", t."version", sr.closed_at,
             lag(t."toState") OVER (PARTITION BY t."situationId" ORDER BY t."version") AS prev_state
      FROM "SituationTransition" t
      JOIN (SELECT s."id", s."closedAt" AS closed_at FROM ${situationsInRange(f)}) sr ON sr."id" = t."situationId"
    ),
    stay AS (
      SELECT sid, state, "at", closed_at,
             lead("at") OVER (PARTITION BY sid ORDER BY "version") AS next_at
      FROM tr WHERE prev_state IS DISTINCT FROM state
    )`;
}

/** count, mean and percentiles of a seconds column, as one JSON value. */
function stats(column: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`json_build_object(
    'count', count(${column}),
    'avg', avg(${column})::float8,
    'p50', percentile_cont(0.5) WITHIN GROUP (ORDER BY ${column}),
    'p90', percentile_cont(0.9) WITHIN GROUP (ORDER BY ${column}),
    'p99', percentile_cont(0.99) WITHIN GROUP (ORDER BY ${column}))`;
}

const EMPTY_STATS: DurationStats = { count: 0, avg: null, p50: null, p90: null, p99: null };

/** MTTA, MTTR, approval latency, time in each state, the trend and the slowest situations. */
export async function speed(db: AnalyticsDb, f: AnalyticsFilter, now: Date = new Date()): Promise<SpeedResponse> {
  const asOf = new Date(Math.min(now.getTime(), f.to.getTime()));
  const [summary, latency, states, trend, slowest] = await Promise.all([
    db.$queryRaw<{ ack: DurationStats; res: DurationStats }[]>(Prisma.sql`
      WITH ${situationTimes(f)}
      SELECT ${stats(Prisma.sql`ack`)} AS ack, ${stats(Prisma.sql`res`)} AS res FROM m`),
    // Latency of every decision, measured from the latest entry into awaiting_approval
    // before it (the start of that stay, not a same-state update such as a first approval);
    // a situation decided without Approval rows (imported history) counts once.
    db.$queryRaw<{ lat: DurationStats }[]>(Prisma.sql`
      WITH ${stays(f)},
      sit AS (SELECT s."id", s."decidedAt" FROM ${situationsInRange(f)}),
      decision AS (
        SELECT ap."situationId" AS id, ap."createdAt" AS at
        FROM "Approval" ap JOIN sit ON sit."id" = ap."situationId"
        UNION ALL
        SELECT sit."id", sit."decidedAt" FROM sit
        WHERE sit."decidedAt" IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM "Approval" ap WHERE ap."situationId" = sit."id")
      ),
      numbered AS (SELECT row_number() OVER () AS k, d.* FROM decision d),
      -- A join, not a per-decision subquery: one hash join over the awaiting entries.
      lat AS (
        SELECT extract(epoch FROM n.at - max(stay."at"))::float8 AS seconds
        FROM numbered n
        JOIN stay ON stay.sid = n.id AND stay.state = 'awaiting_approval' AND stay."at" <= n.at
        GROUP BY n.k, n.at
      )
      SELECT ${stats(Prisma.sql`seconds`)} AS lat FROM lat`),
    db.$queryRaw<{ state: SituationState; visits: number; total: number; avg: number | null }[]>(Prisma.sql`
      -- The current stay ends when the situation closed (a closed one whose last projected
      -- state is not terminal), else it is still open and counts until min(now, to).
      WITH ${stays(f)},
      d AS (
        SELECT state,
               GREATEST(0, extract(epoch FROM COALESCE(next_at, closed_at, ${asOf}::timestamptz) - "at"))::float8 AS seconds
        FROM stay
      )
      SELECT st.state, count(d.seconds)::int AS visits, COALESCE(sum(d.seconds), 0)::float8 AS total,
             avg(d.seconds)::float8 AS avg
      FROM unnest(${OPEN_STATES}::text[]) WITH ORDINALITY AS st(state, ord)
      LEFT JOIN d ON d.state = st.state
      GROUP BY st.state, st.ord ORDER BY st.ord`),
    db.$queryRaw<{ at: Date; situations: number; mtta: number | null; mttr: number | null }[]>(Prisma.sql`
      WITH ${situationTimes(f)}
      SELECT b."at", count(m."id")::int AS situations, avg(m.ack)::float8 AS mtta, avg(m.res)::float8 AS mttr
      FROM ${bucketSeries(f)}
      LEFT JOIN m ON ${bucketOf(f, Prisma.sql`m."createdAt"`)} = b."at"
      GROUP BY b."at" ORDER BY b."at"`),
    db.$queryRaw<
      { id: string; title: string; state: SituationState; ack: number | null; res: number | null }[]
    >(Prisma.sql`
      WITH ${situationTimes(f)}
      SELECT "id", "title", "state", ack, res FROM m
      WHERE ack IS NOT NULL OR res IS NOT NULL
      ORDER BY COALESCE(res, ack) DESC, "id" LIMIT 5`),
  ]);
  const sum = summary[0];
  if (!sum) throw new Error('speed query returned no row');
  return {
    range: rangeOf(f),
    mtta: sum.ack,
    mttr: sum.res,
    approvalLatency: latency[0]?.lat ?? EMPTY_STATS,
    timeInState: states.map((r) => ({ state: r.state, visits: r.visits, totalSeconds: r.total, avgSeconds: r.avg })),
    trend: trend.map((r) => ({ at: iso(r.at), situations: r.situations, mtta: r.mtta, mttr: r.mttr })),
    slowest: slowest.map((r) => ({
      situationId: r.id,
      title: r.title,
      state: r.state,
      ackSeconds: r.ack,
      resolveSeconds: r.res,
    })),
  };
}
