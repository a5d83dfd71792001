import { DataTable } from '../../components/data-table';
import { Kpi, KpiGrid } from '../../components/kpi';
import { Panel } from '../../components/panel';
import { SituationLink } from '../../components/situation-link';
import { formatCount, formatDateTime, formatPercent, formatState, plural } from '../../lib/format';
import type { AnalyticsParams } from '../../lib/params';
import { useSafety } from './api';
import { RunbookOutcomeTable } from './runbook-outcomes';

/** How safe remediation is: success, rollbacks, failed verifications, rejections, expiries. */
export function SafetyPanel({ params, refreshKey }: { params: AnalyticsParams; refreshKey: number }) {
  const q = useSafety(params, refreshKey);
  const s = q.data;
  const o = s?.overall;
  return (
    <>
      <Panel
        title="Remediation safety"
        description="Success rate counts remediations that finished: resolved ÷ (resolved + not fixed + rolled back). Attributed to the runbook a human approved."
        loading={q.loading}
        error={q.error}
        hasData={!!s}
        onRetry={q.refetch}
        className="panel-wide"
      >
        {o && s && (
          <>
            <KpiGrid label="Remediation safety figures">
              <Kpi
                label="Success rate"
                value={formatPercent(o.successRate)}
                hint={`${plural(o.executed, 'remediation')} ran`}
                tone="good"
                emptyReason={o.successRate === null ? 'no remediation finished in this range' : undefined}
              />
              <Kpi
                label="Rolled back"
                value={formatCount(o.rolledBack)}
                hint={`${plural(o.compensations, 'compensation step')}`}
                tone={o.rolledBack ? 'bad' : undefined}
              />
              <Kpi
                label="Failed verification"
                value={formatCount(o.notFixed)}
                hint="ran, alerts did not clear"
                tone={o.notFixed ? 'bad' : undefined}
              />
              <Kpi label="Rejected" value={formatCount(o.rejected)} />
              <Kpi label="Expired" value={formatCount(o.expired)} hint={`${formatCount(o.escalated)} escalated`} />
            </KpiGrid>
            {s.perRunbook.length > 0 || o.situations > 0 ? (
              <RunbookOutcomeTable overall={o} perRunbook={s.perRunbook} />
            ) : (
              <p className="state state-empty">No situations in this range.</p>
            )}
          </>
        )}
      </Panel>
      <Panel
        title="Recent bad outcomes"
        description="Latest situations that ended not fixed, rolled back, rejected or expired."
        loading={q.loading}
        error={q.error}
        hasData={!!s}
        empty={!!s && s.incidents.length === 0}
        emptyText="Nothing ended badly in this range."
        onRetry={q.refetch}
        className="panel-wide"
      >
        {s && (
          <DataTable
            caption="Recent bad outcomes"
            hideCaption
            columns={[
              { header: 'Situation', cell: (i) => <SituationLink id={i.situationId}>{i.title}</SituationLink> },
              {
                header: 'Outcome',
                cell: (i) => <span className={`badge badge-${i.state}`}>{formatState(i.state)}</span>,
              },
              { header: 'Runbook', cell: (i) => (i.runbookId ? <code>{i.runbookId}</code> : '—') },
              { header: 'Closed', cell: (i) => formatDateTime(i.closedAt) },
            ]}
            rows={s.incidents}
            rowKey={(i) => i.situationId}
          />
        )}
      </Panel>
    </>
  );
}
