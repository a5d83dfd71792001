import type { RunbookOutcomes } from '@hro/domain';
import { DataTable, type Column } from '../../components/data-table';
import { formatCount, formatPercent } from '../../lib/format';

/** A success rate as text plus a small bar (the text is what assistive tech reads). */
function Rate({ value }: { value: number | null }) {
  return (
    <span className="rate">
      {value !== null && (
        <span className="rate-bar" aria-hidden="true">
          <span style={{ width: `${Math.round(value * 100)}%` }} />
        </span>
      )}
      {formatPercent(value)}
    </span>
  );
}

const columns: Column<RunbookOutcomes>[] = [
  {
    header: 'Runbook',
    cell: (r) => (r.runbookId === null ? <strong>All runbooks</strong> : <code>{r.runbookId}</code>),
  },
  { header: 'Situations', cell: (r) => formatCount(r.situations), numeric: true },
  { header: 'Executed', cell: (r) => formatCount(r.executed), numeric: true },
  { header: 'Success rate', cell: (r) => <Rate value={r.successRate} />, numeric: true },
  { header: 'Resolved', cell: (r) => formatCount(r.resolved), numeric: true },
  { header: 'Not fixed', cell: (r) => formatCount(r.notFixed), numeric: true },
  { header: 'Rolled back', cell: (r) => formatCount(r.rolledBack), numeric: true },
  { header: 'Rejected', cell: (r) => formatCount(r.rejected), numeric: true },
  { header: 'Expired', cell: (r) => formatCount(r.expired), numeric: true },
  { header: 'Escalated', cell: (r) => formatCount(r.escalated), numeric: true },
  { header: 'Compensations', cell: (r) => formatCount(r.compensations), numeric: true },
];

/** One row per runbook plus the overall row at the bottom. */
export function RunbookOutcomeTable({
  overall,
  perRunbook,
}: {
  overall: RunbookOutcomes;
  perRunbook: RunbookOutcomes[];
}) {
  return (
    <DataTable
      caption="Remediation outcomes per runbook"
      hideCaption
      columns={columns}
      rows={[...perRunbook, overall]}
      rowKey={(r) => r.runbookId ?? '(overall)'}
    />
  );
}
