import { render, screen } from '@testing-library/react';
import { ApiError } from '../lib/api-client';
import { Panel } from './panel';

describe('Panel states', () => {
  const base = { title: 'Compression over time', description: 'What it shows.' };

  it('announces loading, then errors with a retry, then empty, then content', () => {
    const retry = jest.fn();
    const { rerender } = render(
      <Panel {...base} loading hasData={false}>
        chart
      </Panel>,
    );
    expect(screen.getByRole('status').textContent).toContain('Loading');
    expect(screen.getByRole('region', { name: 'Compression over time' })).toBeTruthy();

    rerender(
      <Panel
        {...base}
        loading={false}
        hasData={false}
        error={new ApiError(500, { type: 'about:blank', title: 'Internal server error', status: 500, detail: 'boom' })}
        onRetry={retry}
      >
        chart
      </Panel>,
    );
    expect(screen.getByRole('alert').textContent).toContain('boom');
    screen.getByRole('button', { name: 'Try again' }).click();
    expect(retry).toHaveBeenCalledTimes(1);

    rerender(
      <Panel {...base} loading={false} hasData empty emptyText="No alerts in this range.">
        chart
      </Panel>,
    );
    expect(screen.getByText('No alerts in this range.')).toBeTruthy();
    expect(screen.queryByText('chart')).toBeNull();

    rerender(
      <Panel {...base} loading={false} hasData>
        chart
      </Panel>,
    );
    expect(screen.getByText('chart')).toBeTruthy();
  });
});
