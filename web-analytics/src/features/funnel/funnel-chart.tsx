import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from '../../components/chart-figure';
import { AXIS_TICK, COLORS } from '../../components/chart-theme';
import { DataTable } from '../../components/data-table';
import { Panel } from '../../components/panel';
import { formatCount, formatPercent, formatState } from '../../lib/format';
import type { AnalyticsParams } from '../../lib/params';
import { useFunnel } from './api';

const BAD = new Set(['not_fixed', 'rolled_back', 'rejected', 'expired']);

/** How far situations get: collecting → … → resolved, and the ways out. */
export function FunnelChart({ params, refreshKey }: { params: AnalyticsParams; refreshKey: number }) {
  const q = useFunnel(params, refreshKey);
  const d = q.data;
  const rows = d?.stages.map((s) => ({
    ...s,
    label: formatState(s.state),
    share: d.total ? s.situations / d.total : null,
  }));
  return (
    <Panel
      title="State funnel"
      description="Situations opened in the range that ever reached each state."
      loading={q.loading}
      error={q.error}
      hasData={!!d}
      empty={!!d && d.total === 0}
      emptyText="No situations opened in this range."
      onRetry={q.refetch}
    >
      {d && rows && (
        <ChartFigure
          summary={`${formatCount(d.total)} situations: ${rows
            .filter((r) => r.situations > 0)
            .map((r) => `${formatCount(r.situations)} ${r.label}`)
            .join(', ')}.`}
          height={300}
          table={
            <DataTable
              caption="Situations per state reached"
              columns={[
                { header: 'State', cell: (r) => r.label },
                { header: 'Situations', cell: (r) => formatCount(r.situations), numeric: true },
                { header: 'Share', cell: (r) => formatPercent(r.share), numeric: true },
              ]}
              rows={rows}
              rowKey={(r) => r.state}
            />
          }
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              data={rows}
              layout="vertical"
              margin={{ top: 0, right: 36, bottom: 0, left: 8 }}
              accessibilityLayer
            >
              <CartesianGrid stroke={COLORS.grid} horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
              <YAxis type="category" dataKey="label" tick={AXIS_TICK} width={140} />
              <Tooltip formatter={(v) => [formatCount(Number(v)), 'Situations']} />
              <Bar dataKey="situations" name="Situations" isAnimationActive={false}>
                {rows.map((r) => (
                  <Cell key={r.state} fill={BAD.has(r.state) ? COLORS.funnelBad : COLORS.funnel} />
                ))}
                <LabelList dataKey="situations" position="right" fill={COLORS.axis} fontSize={12} />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </ChartFigure>
      )}
    </Panel>
  );
}
