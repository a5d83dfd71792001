import type { SpeedResponse } from '@hro/domain';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from '../../components/chart-figure';
import { AXIS_TICK, COLORS } from '../../components/chart-theme';
import { DataTable } from '../../components/data-table';
import { Kpi, KpiGrid } from '../../components/kpi';
import { Panel } from '../../components/panel';
import { SituationLink } from '../../components/situation-link';
import {
  formatBucket,
  formatCount,
  formatDateTime,
  formatDuration,
  formatState,
  plural,
  toMinutes,
} from '../../lib/format';
import type { AnalyticsParams } from '../../lib/params';
import { useSpeed } from './api';

/** How fast humans decide and how fast situations get fixed. */
export function SpeedPanel({ params, refreshKey }: { params: AnalyticsParams; refreshKey: number }) {
  const q = useSpeed(params, refreshKey);
  const s = q.data;
  // Say why a figure is missing rather than showing a bare dash.
  const noDecision = s && s.approvalLatency.count === 0 ? 'no decisions in this range' : undefined;
  return (
    <>
      <Panel
        title="Response speed"
        description="MTTA: first alert → first human decision. MTTR: first alert → resolved by a remediation. Approval latency: awaiting approval → each decision."
        loading={q.loading}
        error={q.error}
        hasData={!!s}
        onRetry={q.refetch}
        className="panel-wide"
      >
        {s && (
          <KpiGrid label="Response speed figures">
            <Kpi
              label="MTTA"
              value={formatDuration(s.mtta.avg)}
              hint={`p90 ${formatDuration(s.mtta.p90)} · ${formatCount(s.mtta.count)} decided`}
              emptyReason={s.mtta.count === 0 ? 'no decisions in this range' : undefined}
            />
            <Kpi
              label="MTTR"
              value={formatDuration(s.mttr.avg)}
              hint={`p90 ${formatDuration(s.mttr.p90)} · ${formatCount(s.mttr.count)} resolved`}
              emptyReason={s.mttr.count === 0 ? 'nothing fixed by a remediation in this range' : undefined}
            />
            <Kpi
              label="Approval latency p50"
              value={formatDuration(s.approvalLatency.p50)}
              hint={plural(s.approvalLatency.count, 'decision')}
              emptyReason={noDecision}
            />
            <Kpi label="Approval latency p90" value={formatDuration(s.approvalLatency.p90)} emptyReason={noDecision} />
            <Kpi label="Approval latency p99" value={formatDuration(s.approvalLatency.p99)} emptyReason={noDecision} />
          </KpiGrid>
        )}
      </Panel>
      <Panel
        title="MTTA / MTTR trend"
        description={`Average minutes to acknowledge and to resolve, by the ${s?.range.bucket ?? 'bucket'} the situation opened in (UTC).`}
        loading={q.loading}
        error={q.error}
        hasData={!!s}
        empty={!!s && s.mtta.count === 0 && s.mttr.count === 0}
        emptyText="No situation was decided or resolved in this range."
        onRetry={q.refetch}
      >
        {s && <SpeedTrend s={s} />}
      </Panel>
      <Panel
        title="Time in each state"
        description="Where situations wait: total and average time spent per state (open stays count until now)."
        loading={q.loading}
        error={q.error}
        hasData={!!s}
        empty={!!s && s.timeInState.every((t) => t.visits === 0)}
        onRetry={q.refetch}
      >
        {s && (
          <DataTable
            caption="Time spent per state"
            hideCaption
            columns={[
              { header: 'State', cell: (t) => formatState(t.state) },
              { header: 'Stays', cell: (t) => formatCount(t.visits), numeric: true },
              { header: 'Average', cell: (t) => formatDuration(t.avgSeconds), numeric: true },
              { header: 'Total', cell: (t) => formatDuration(t.visits ? t.totalSeconds : null), numeric: true },
            ]}
            rows={s.timeInState}
            rowKey={(t) => t.state}
          />
        )}
      </Panel>
      <Panel
        title="Slowest situations"
        description="Longest to resolve (or, if unresolved, to get a decision)."
        loading={q.loading}
        error={q.error}
        hasData={!!s}
        empty={!!s && s.slowest.length === 0}
        onRetry={q.refetch}
        className="panel-wide"
      >
        {s && (
          <DataTable
            caption="Slowest situations"
            hideCaption
            columns={[
              { header: 'Situation', cell: (r) => <SituationLink id={r.situationId}>{r.title}</SituationLink> },
              { header: 'State', cell: (r) => formatState(r.state) },
              { header: 'To decision', cell: (r) => formatDuration(r.ackSeconds), numeric: true },
              { header: 'To resolved', cell: (r) => formatDuration(r.resolveSeconds), numeric: true },
            ]}
            rows={s.slowest}
            rowKey={(r) => r.situationId}
          />
        )}
      </Panel>
    </>
  );
}

function SpeedTrend({ s }: { s: SpeedResponse }) {
  const data = s.trend.map((b) => ({
    at: b.at,
    mtta: toMinutes(b.mtta),
    mttr: toMinutes(b.mttr),
    situations: b.situations,
  }));
  return (
    <ChartFigure
      summary={`Average MTTA ${formatDuration(s.mtta.avg)} and MTTR ${formatDuration(s.mttr.avg)} over the range, per ${s.range.bucket}.`}
      table={
        <DataTable
          caption="MTTA and MTTR per bucket"
          columns={[
            { header: 'Bucket (UTC)', cell: (b) => formatDateTime(b.at) },
            { header: 'Situations', cell: (b) => formatCount(b.situations), numeric: true },
            { header: 'MTTA', cell: (b) => formatDuration(b.mtta), numeric: true },
            { header: 'MTTR', cell: (b) => formatDuration(b.mttr), numeric: true },
          ]}
          rows={s.trend.filter((b) => b.situations > 0)}
          rowKey={(b) => b.at}
        />
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer>
          <CartesianGrid stroke={COLORS.grid} vertical={false} />
          <XAxis
            dataKey="at"
            tickFormatter={(v: string) => formatBucket(v, s.range.bucket)}
            tick={AXIS_TICK}
            minTickGap={24}
          />
          <YAxis tick={AXIS_TICK} width={44} unit=" m" />
          <Tooltip
            labelFormatter={(v) => formatDateTime(String(v))}
            formatter={(v, name) => [formatDuration(v === null ? null : Number(v) * 60), name]}
          />
          <Legend />
          <Line
            dataKey="mtta"
            name="MTTA"
            stroke={COLORS.mtta}
            strokeWidth={2}
            connectNulls
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
          <Line
            dataKey="mttr"
            name="MTTR"
            stroke={COLORS.mttr}
            strokeWidth={2}
            strokeDasharray="6 3"
            connectNulls
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
