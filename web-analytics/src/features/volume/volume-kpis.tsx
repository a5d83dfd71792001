import { Kpi, KpiGrid } from '../../components/kpi';
import { Panel } from '../../components/panel';
import { formatCount, formatDecimal, formatPercent, plural } from '../../lib/format';
import type { AnalyticsParams } from '../../lib/params';
import { useVolume } from './api';

/** How much noise deduplication and grouping remove, for the selected range. */
export function VolumeKpis({ params, refreshKey }: { params: AnalyticsParams; refreshKey: number }) {
  const q = useVolume(params, refreshKey);
  const v = q.data;
  return (
    <Panel
      title="Noise reduction"
      description="Deliveries received, what remained after deduplication, and how many situations a human had to look at."
      loading={q.loading}
      error={q.error}
      hasData={!!v}
      onRetry={q.refetch}
      className="panel-wide"
    >
      {v && (
        <KpiGrid label="Noise reduction figures">
          <Kpi
            label="Alerts received"
            value={<span data-testid="kpi-received">{formatCount(v.alertsReceived)}</span>}
            hint={plural(v.duplicates, 'duplicate')}
          />
          <Kpi
            label="Unique alerts"
            value={<span data-testid="kpi-unique">{formatCount(v.uniqueAlerts)}</span>}
            hint={v.dedupRatio === null ? 'no alerts in this range' : `${formatPercent(v.dedupRatio)} deduplicated`}
          />
          <Kpi
            label="Situations"
            value={<span data-testid="kpi-situations">{formatCount(v.situations)}</span>}
            hint={
              v.compressionRatio === null
                ? 'no situations in this range'
                : `${formatDecimal(v.compressionRatio)} alerts per situation`
            }
          />
          <Kpi
            label="Noise reduction"
            value={formatPercent(v.noiseReduction)}
            hint="deliveries not needing their own look"
            tone="good"
            emptyReason={v.noiseReduction === null ? 'no alerts in this range' : undefined}
          />
          <Kpi
            label="Auto-resolved"
            value={formatPercent(v.autoResolvedShare)}
            hint={`${plural(v.autoResolved, 'situation')} resolved with no action`}
            emptyReason={v.autoResolvedShare === null ? 'no situations in this range' : undefined}
          />
        </KpiGrid>
      )}
    </Panel>
  );
}
