import type { HeatmapCell } from '@hro/domain';
import {
  CartesianGrid,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  usePlotArea,
} from 'recharts';
import { ChartFigure } from '../../components/chart-figure';
import { AXIS_TICK } from '../../components/chart-theme';
import { DataTable } from '../../components/data-table';
import { Panel } from '../../components/panel';
import { formatCount } from '../../lib/format';
import type { AnalyticsParams } from '../../lib/params';
import { useHeatmap } from './api';
import { heatColor } from './heat-color';

const NO_SERVICE = '(no service)';
const HOURS = Array.from({ length: 24 }, (_, h) => h);

interface Point extends HeatmapCell {
  label: string;
  fill: string;
}

/** One square per service × hour; sized from the plot area so the grid always tiles. */
function HeatCell(props: { cx?: number; cy?: number; payload?: Point; rows: number }) {
  const area = usePlotArea();
  if (!area || props.cx === undefined || props.cy === undefined || !props.payload) return null;
  const w = area.width / 24;
  const h = area.height / Math.max(props.rows, 1);
  return (
    <rect
      x={props.cx - w / 2 + 1}
      y={props.cy - h / 2 + 1}
      width={w - 2}
      height={h - 2}
      rx={2}
      fill={props.payload.fill}
    />
  );
}

/** When each service is noisy: deliveries per hour of day (UTC). */
export function HeatmapChart({ params, refreshKey }: { params: AnalyticsParams; refreshKey: number }) {
  const q = useHeatmap(params, refreshKey);
  const d = q.data;
  const max = d ? Math.max(0, ...d.cells.map((c) => c.deliveries)) : 0;
  const points: Point[] = (d?.cells ?? []).map((c) => ({
    ...c,
    label: c.service ?? NO_SERVICE,
    fill: heatColor(c.deliveries, max),
  }));
  const labels = (d?.services ?? []).map((s) => s ?? NO_SERVICE);
  const peak = points.reduce<Point | undefined>((p, c) => (!p || c.deliveries > p.deliveries ? c : p), undefined);
  return (
    <Panel
      title="When services are noisy"
      description="Deliveries per service and hour of day (UTC), for the noisiest services in the range."
      loading={q.loading}
      error={q.error}
      hasData={!!d}
      empty={!!d && d.services.length === 0}
      emptyText="No alerts in this range."
      onRetry={q.refetch}
      className="panel-wide"
    >
      {d && peak && (
        <ChartFigure
          summary={`Busiest: ${peak.label} at ${String(peak.hour).padStart(2, '0')}:00 UTC with ${formatCount(peak.deliveries)} deliveries.`}
          height={Math.max(140, 48 + labels.length * 34)}
          table={
            <DataTable
              caption="Deliveries per service and hour (UTC); hours without alerts omitted"
              columns={[
                { header: 'Service', cell: (c) => c.label },
                { header: 'Hour (UTC)', cell: (c) => `${String(c.hour).padStart(2, '0')}:00` },
                { header: 'Deliveries', cell: (c) => formatCount(c.deliveries), numeric: true },
              ]}
              rows={points.filter((c) => c.deliveries > 0)}
              rowKey={(c) => `${c.label}-${c.hour}`}
            />
          }
        >
          <ResponsiveContainer width="100%" height="100%">
            <ScatterChart margin={{ top: 4, right: 8, bottom: 0, left: 8 }} accessibilityLayer>
              <CartesianGrid stroke="none" />
              <XAxis
                type="number"
                dataKey="hour"
                domain={[-0.5, 23.5]}
                ticks={HOURS.filter((h) => h % 3 === 0)}
                tickFormatter={(h: number) => `${String(h).padStart(2, '0')}h`}
                tick={AXIS_TICK}
                name="Hour (UTC)"
              />
              <YAxis
                type="category"
                dataKey="label"
                allowDuplicatedCategory={false}
                tick={AXIS_TICK}
                width={110}
                name="Service"
              />
              <Tooltip
                cursor={false}
                content={({ payload }) => {
                  const p = payload?.[0]?.payload as Point | undefined;
                  return p ? (
                    <div className="tooltip">
                      <strong>{p.label}</strong> at {String(p.hour).padStart(2, '0')}:00 UTC:{' '}
                      {formatCount(p.deliveries)} deliveries
                    </div>
                  ) : null;
                }}
              />
              <Scatter data={points} shape={<HeatCell rows={labels.length} />} isAnimationActive={false} />
            </ScatterChart>
          </ResponsiveContainer>
        </ChartFigure>
      )}
    </Panel>
  );
}
