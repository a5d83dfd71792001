import { DEFAULT_FILTERS, filtersToParams, parseFilters, serializeFilters, type Filters } from './filters';

describe('filters in the address bar', () => {
  it('round-trips presets, custom ranges and scope', () => {
    const cases: Filters[] = [
      DEFAULT_FILTERS,
      { range: '24h', environment: 'prod' },
      { range: '30d' },
      { range: 'custom', from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z', service: 'db' },
    ];
    for (const f of cases) expect(parseFilters(serializeFilters(f))).toEqual(f);
    expect(serializeFilters(DEFAULT_FILTERS)).toBe('');
    expect(serializeFilters({ range: '24h' })).toBe('?range=24h');
  });

  it('opens on the last 7 days when the address names no range', () => {
    expect(DEFAULT_FILTERS).toEqual({ range: '7d' });
    expect(parseFilters('')).toEqual({ range: '7d' });
    expect(parseFilters('?service=db')).toEqual({ range: '7d', service: 'db' });
  });

  it('falls back to the default for anything malformed', () => {
    expect(parseFilters('?range=forever')).toEqual(DEFAULT_FILTERS);
    expect(parseFilters('?range=custom&from=yesterday&to=2026-11-02T00:00:00Z')).toEqual(DEFAULT_FILTERS);
    expect(parseFilters('?range=custom&from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z')).toEqual(DEFAULT_FILTERS);
  });

  it('anchors rolling presets at now and passes custom ranges through', () => {
    const now = new Date('2026-11-02T12:00:00.000Z');
    expect(filtersToParams({ range: '1h', service: 'db' }, now)).toEqual({
      from: '2026-11-02T11:00:00.000Z',
      to: '2026-11-02T12:00:00.000Z',
      environment: undefined,
      service: 'db',
    });
    const custom: Filters = { range: 'custom', from: '2026-10-01T00:00:00.000Z', to: '2026-10-02T00:00:00.000Z' };
    expect(filtersToParams(custom, now)).toMatchObject({ from: custom.from, to: custom.to });
  });
});
