import type { SourceRow } from '@hro/domain';
import { DataTable } from '../../components/data-table';
import { Panel } from '../../components/panel';
import { SituationLink } from '../../components/situation-link';
import { formatCount } from '../../lib/format';
import type { AnalyticsParams } from '../../lib/params';
import { useSources } from './api';

function SourceTable({ caption, keyHeader, rows }: { caption: string; keyHeader: string; rows: SourceRow[] }) {
  const max = Math.max(1, ...rows.map((r) => r.deliveries));
  return (
    <DataTable
      caption={caption}
      columns={[
        { header: keyHeader, cell: (r) => r.key ?? <em>(none)</em> },
        {
          header: 'Deliveries',
          numeric: true,
          cell: (r) => (
            <span className="rate">
              <span className="rate-bar" aria-hidden="true">
                <span style={{ width: `${Math.round((r.deliveries / max) * 100)}%` }} />
              </span>
              {formatCount(r.deliveries)}
            </span>
          ),
        },
        { header: 'Unique', cell: (r) => formatCount(r.uniqueAlerts), numeric: true },
        { header: 'Situations', cell: (r) => formatCount(r.situations), numeric: true },
      ]}
      rows={rows}
      rowKey={(r) => r.key ?? '(none)'}
    />
  );
}

/** Where the noise comes from. */
export function SourcesPanel({ params, refreshKey }: { params: AnalyticsParams; refreshKey: number }) {
  const q = useSources(params, refreshKey);
  const s = q.data;
  return (
    <>
      <Panel
        title="Noisiest sources"
        description="Top 10 by deliveries in the range."
        loading={q.loading}
        error={q.error}
        hasData={!!s}
        empty={!!s && s.services.length === 0}
        emptyText="No alerts in this range."
        onRetry={q.refetch}
        className="panel-wide"
      >
        {s && (
          <div className="source-grid">
            <SourceTable caption="Services" keyHeader="Service" rows={s.services} />
            <SourceTable caption="Alert names" keyHeader="Alert" rows={s.alertNames} />
            <SourceTable caption="Integrations" keyHeader="Integration" rows={s.integrations} />
          </div>
        )}
      </Panel>
      <Panel
        title="Flapping alerts"
        description="Alerts that fired again after resolving (firing → resolved → firing) in the range."
        loading={q.loading}
        error={q.error}
        hasData={!!s}
        empty={!!s && s.flapping.length === 0}
        emptyText="No alert flapped in this range."
        onRetry={q.refetch}
        className="panel-wide"
      >
        {s && (
          <DataTable
            caption="Flapping alerts"
            hideCaption
            columns={[
              { header: 'Alert', cell: (f) => f.name },
              { header: 'Service', cell: (f) => f.service ?? '—' },
              { header: 'Flaps in range', cell: (f) => formatCount(f.flapsInRange), numeric: true },
              { header: 'Flaps ever', cell: (f) => formatCount(f.flapCount), numeric: true },
              { header: 'Situation', cell: (f) => (f.situationId ? <SituationLink id={f.situationId} /> : '—') },
            ]}
            rows={s.flapping}
            rowKey={(f) => f.alertId}
          />
        )}
      </Panel>
    </>
  );
}
