import { render, screen } from '@testing-library/react';
import { NONE } from '../lib/format';
import { Kpi, KpiGrid } from './kpi';

describe('Kpi', () => {
  it('shows the value and its hint', () => {
    render(
      <KpiGrid label="Speed">
        <Kpi label="MTTA" value="4 min" hint="p90 6 min · 8 decided" tone="good" />
      </KpiGrid>,
    );
    const grid = screen.getByLabelText('Speed');
    expect(grid.querySelector('dt')?.textContent).toBe('MTTA');
    expect(grid.querySelector('dd')?.textContent).toBe('4 min' + 'p90 6 min · 8 decided');
    expect(grid.querySelector('.kpi-good')).not.toBeNull();
  });

  it('says why a figure is missing instead of a bare dash', () => {
    render(
      <KpiGrid label="Speed">
        <Kpi label="MTTA" value={NONE} hint="p90 — · 0 decided" tone="good" emptyReason="no decisions in this range" />
      </KpiGrid>,
    );
    const dd = screen.getByLabelText('Speed').querySelector('dd')!;
    expect(dd.querySelector('.kpi-value')?.textContent).toBe(NONE);
    expect(dd.querySelector('.kpi-hint')?.textContent).toBe('no decisions in this range');
    // A dash is not good news: no success colour on it.
    expect(screen.getByLabelText('Speed').querySelector('.kpi-good')).toBeNull();
  });
});
