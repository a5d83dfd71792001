import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from '../../components/chart-figure';
import { AXIS_TICK, COLORS } from '../../components/chart-theme';
import { DataTable } from '../../components/data-table';
import { Panel } from '../../components/panel';
import { formatBucket, formatCount, formatDateTime, formatRatio } from '../../lib/format';
import type { AnalyticsParams } from '../../lib/params';
import { useCompression } from './api';

/** Deliveries vs. unique alerts vs. situations over time. */
export function CompressionChart({ params, refreshKey }: { params: AnalyticsParams; refreshKey: number }) {
  const q = useCompression(params, refreshKey);
  const d = q.data;
  const total = d?.buckets.reduce(
    (t, b) => ({ deliveries: t.deliveries + b.deliveries, situations: t.situations + b.situations }),
    { deliveries: 0, situations: 0 },
  );
  const empty = !!total && total.deliveries === 0 && total.situations === 0;
  return (
    <Panel
      title="Compression over time"
      description={`Deliveries, unique alerts and situations opened per ${d?.range.bucket ?? 'bucket'} (UTC).`}
      loading={q.loading}
      error={q.error}
      hasData={!!d}
      empty={empty}
      emptyText="No alerts and no situations in this range."
      onRetry={q.refetch}
    >
      {d && total && (
        <ChartFigure
          summary={`${formatCount(total.deliveries)} deliveries became ${formatCount(total.situations)} situations across ${d.buckets.length} ${d.range.bucket} buckets.`}
          table={
            <DataTable
              caption="Compression per bucket"
              columns={[
                { header: 'Bucket (UTC)', cell: (b) => formatDateTime(b.at) },
                { header: 'Deliveries', cell: (b) => formatCount(b.deliveries), numeric: true },
                { header: 'Unique alerts', cell: (b) => formatCount(b.uniqueAlerts), numeric: true },
                { header: 'Situations', cell: (b) => formatCount(b.situations), numeric: true },
                { header: 'Alerts per situation', cell: (b) => formatRatio(b.compressionRatio), numeric: true },
              ]}
              rows={d.buckets.filter((b) => b.deliveries > 0 || b.situations > 0)}
              rowKey={(b) => b.at}
            />
          }
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={d.buckets} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer>
              <CartesianGrid stroke={COLORS.grid} vertical={false} />
              <XAxis
                dataKey="at"
                tickFormatter={(v: string) => formatBucket(v, d.range.bucket)}
                tick={AXIS_TICK}
                minTickGap={24}
              />
              <YAxis allowDecimals={false} tick={AXIS_TICK} width={40} />
              <Tooltip labelFormatter={(v) => formatDateTime(String(v))} />
              <Legend />
              <Bar dataKey="deliveries" name="Deliveries" fill={COLORS.deliveries} isAnimationActive={false} />
              <Bar dataKey="uniqueAlerts" name="Unique alerts" fill={COLORS.unique} isAnimationActive={false} />
              <Bar dataKey="situations" name="Situations" fill={COLORS.situations} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </ChartFigure>
      )}
    </Panel>
  );
}
