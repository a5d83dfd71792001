import type { RunbookOutcomes } from '@hro/domain';
import { render, screen, within } from '@testing-library/react';
import { RunbookOutcomeTable } from './runbook-outcomes';

const zero = { resolved: 0, notFixed: 0, rolledBack: 0, rejected: 0, expired: 0, escalated: 0, compensations: 0 };
const perRunbook: RunbookOutcomes[] = [
  {
    ...zero,
    runbookId: 'failover-db',
    situations: 2,
    executed: 1,
    rolledBack: 1,
    expired: 1,
    escalated: 2,
    compensations: 1,
    successRate: 0,
  },
  { ...zero, runbookId: 'restart-service', situations: 2, executed: 1, resolved: 1, rejected: 1, successRate: 1 },
];
const overall: RunbookOutcomes = {
  ...zero,
  runbookId: null,
  situations: 5,
  executed: 2,
  resolved: 1,
  rolledBack: 1,
  rejected: 1,
  expired: 1,
  escalated: 2,
  compensations: 1,
  successRate: 0.5,
};

describe('RunbookOutcomeTable', () => {
  it('shows one row per runbook and the overall row, with people-formatted numbers', () => {
    render(<RunbookOutcomeTable overall={overall} perRunbook={perRunbook} />);
    const table = screen.getByRole('table', { name: 'Remediation outcomes per runbook' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(4); // header + 2 runbooks + overall
    const headers = within(rows[0]!)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers.slice(0, 4)).toEqual(['Runbook', 'Situations', 'Executed', 'Success rate']);
    const cells = (r: number) =>
      within(rows[r]!)
        .getAllByRole('cell')
        .map((c) => c.textContent);
    expect(cells(1).slice(0, 4)).toEqual(['failover-db', '2', '1', '0%']);
    expect(cells(2).slice(0, 4)).toEqual(['restart-service', '2', '1', '100%']);
    expect(cells(3).slice(0, 4)).toEqual(['All runbooks', '5', '2', '50%']);
  });
});
