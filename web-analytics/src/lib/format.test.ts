import {
  formatBucket,
  formatCount,
  formatDateTime,
  formatDecimal,
  formatDuration,
  formatPercent,
  formatRatio,
  formatState,
  NONE,
  plural,
} from './format';

describe('formatting for people', () => {
  it('counts with separators, compact past ten thousand', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(12_345)).toBe('12.3K');
    expect(formatCount(2_500_000)).toBe('2.5M');
    expect(formatCount(null)).toBe(NONE);
  });

  it('percentages with one decimal unless whole', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(7 / 12)).toBe('58.3%');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(0.99951)).toBe('100%');
    expect(formatPercent(null)).toBe(NONE);
    expect(formatPercent(Number.NaN)).toBe(NONE);
  });

  it('ratios as alerts per situation', () => {
    expect(formatRatio(4)).toBe('4 : 1');
    expect(formatRatio(5 / 7)).toBe('0.7 : 1');
    expect(formatRatio(250.4)).toBe('250 : 1');
    expect(formatRatio(null)).toBe(NONE);
  });

  it('decimals and plurals', () => {
    expect(formatDecimal(5 / 7)).toBe('0.7');
    expect(formatDecimal(4)).toBe('4');
    expect(formatDecimal(null)).toBe(NONE);
    expect(plural(1, 'situation')).toBe('1 situation');
    expect(plural(0, 'situation')).toBe('0 situations');
    expect(plural(12_000, 'alert')).toBe('12K alerts');
  });

  it('durations in the two largest units', () => {
    expect(formatDuration(0.4)).toBe('<1 s');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(60)).toBe('1 min');
    expect(formatDuration(754)).toBe('12 min 34 s');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(3720)).toBe('1 h 2 min');
    expect(formatDuration(3601)).toBe('1 h'); // seconds are noise at this scale
    expect(formatDuration(90_000)).toBe('1 d 1 h');
    expect(formatDuration(86_430)).toBe('1 d');
    expect(formatDuration(null)).toBe(NONE);
    expect(formatDuration(-5)).toBe(NONE);
  });

  it('times in UTC, labelled', () => {
    expect(formatBucket('2026-11-02T14:05:00.000Z', 'minute')).toBe('14:05');
    expect(formatBucket('2026-11-02T00:00:00.000Z', 'day')).toBe('Nov 2');
    expect(formatDateTime('2026-11-02T14:05:00.000Z')).toBe('Nov 2, 14:05 UTC');
    expect(formatDateTime(null)).toBe(NONE);
    expect(formatState('awaiting_approval')).toBe('awaiting approval');
  });
});
