import type { AlertChangedEvent } from '@hro/domain';
import { useEffect, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from '../../components/chart-figure';
import { AXIS_TICK, COLORS } from '../../components/chart-theme';
import { DataTable } from '../../components/data-table';
import { Kpi, KpiGrid } from '../../components/kpi';
import { Panel } from '../../components/panel';
import { formatBucket, formatCount, formatDateTime } from '../../lib/format';
import { useRealtimeEvent, useRealtimeStatus } from '../../lib/realtime';
import { useLive } from './api';
import { bumpMatches, mergeLive, type Bump } from './live-series';

const STATUS_TEXT = { live: 'Live', connecting: 'Connecting…', offline: 'Offline — retrying' } as const;

/** The last hour of alert deliveries per minute; counters move as alerts arrive over the socket. */
export function LivePanel({
  filters,
  refreshKey,
}: {
  filters: { environment?: string; service?: string };
  refreshKey: number;
}) {
  const q = useLive({ environment: filters.environment, service: filters.service }, refreshKey);
  const [bumps, setBumps] = useState<Bump[]>([]);
  const { state } = useRealtimeStatus();
  // A storm delivers hundreds of events a second: buffer them and render at most 4×/s.
  // Bumps the server has already counted (at or before its asOf) are dropped on flush.
  const buffer = useRef<Bump[]>([]);
  const flush = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const asOf = q.data?.asOf;
  const asOfRef = useRef(0);
  useEffect(() => {
    asOfRef.current = asOf ? Date.parse(asOf) : 0;
  }, [asOf]);
  useRealtimeEvent('alert.changed', (e: AlertChangedEvent) => {
    if (!bumpMatches(e, filters)) return;
    const at = Date.parse(e.at);
    buffer.current.push({ at: Number.isNaN(at) ? Date.now() : at });
    flush.current ??= setTimeout(() => {
      flush.current = undefined;
      const fresh = buffer.current;
      buffer.current = [];
      setBumps((b) => [...b, ...fresh].filter((x) => x.at > asOfRef.current));
    }, 250);
  });
  useEffect(() => () => clearTimeout(flush.current), []);
  const merged = q.data ? mergeLive(q.data, bumps) : undefined;
  const summary = merged
    ? `Alert deliveries per minute over the last hour: ${formatCount(merged.lastHour)} in total, ${formatCount(merged.lastFiveMinutes)} in the last five minutes.`
    : '';
  return (
    <Panel
      title="Live alert volume"
      description="Every delivery from the monitoring tools, per minute, over the last 60 minutes (UTC). Updates as alerts arrive."
      loading={q.loading}
      error={q.error}
      hasData={!!q.data}
      onRetry={q.refetch}
      className="panel-wide"
      actions={
        <span className={`conn conn-${state}`} role="status" aria-live="polite">
          <span className="conn-dot" aria-hidden="true" /> {STATUS_TEXT[state]}
        </span>
      }
    >
      {merged && q.data && (
        <>
          <KpiGrid label="Live counters">
            <Kpi
              label="Alerts, last 60 min"
              value={<span data-testid="live-last-hour">{formatCount(merged.lastHour)}</span>}
            />
            <Kpi
              label="Alerts, last 5 min"
              value={<span data-testid="live-last-five">{formatCount(merged.lastFiveMinutes)}</span>}
            />
            <Kpi label="Open situations" value={formatCount(q.data.openSituations)} />
          </KpiGrid>
          <ChartFigure
            summary={summary}
            height={180}
            table={
              <DataTable
                caption="Deliveries per minute"
                columns={[
                  { header: 'Minute (UTC)', cell: (m) => formatDateTime(m.at) },
                  { header: 'Deliveries', cell: (m) => formatCount(m.deliveries), numeric: true },
                ]}
                rows={merged.minutes.filter((m) => m.deliveries > 0)}
                rowKey={(m) => m.at}
              />
            }
          >
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={merged.minutes} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer>
                <CartesianGrid stroke={COLORS.grid} vertical={false} />
                <XAxis
                  dataKey="at"
                  tickFormatter={(v: string) => formatBucket(v, 'minute')}
                  tick={AXIS_TICK}
                  minTickGap={40}
                />
                <YAxis allowDecimals={false} tick={AXIS_TICK} width={36} />
                <Tooltip
                  labelFormatter={(v) => formatDateTime(String(v))}
                  formatter={(v) => [formatCount(Number(v)), 'Deliveries']}
                />
                <Bar dataKey="deliveries" name="Deliveries" fill={COLORS.deliveries} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </ChartFigure>
        </>
      )}
    </Panel>
  );
}
