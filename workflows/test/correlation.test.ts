import { correlationKey, type CorrelatableAlert } from '../src/correlation';

const base: CorrelatableAlert = {
  name: 'HighLatency',
  service: 'checkout',
  environment: 'prod',
  resource: null,
  labels: {},
};

describe('correlationKey', () => {
  it('groups by environment and service by default', () => {
    const cfg = { groupBy: ['environment', 'service'] };
    expect(correlationKey(base, cfg)).toBe('environment=prod|service=checkout');
    expect(correlationKey({ ...base, name: 'ErrorRate' }, cfg)).toBe(correlationKey(base, cfg));
    expect(correlationKey({ ...base, service: 'payments' }, cfg)).not.toBe(correlationKey(base, cfg));
  });

  it('falls back to labels and marks missing values', () => {
    const cfg = { groupBy: ['environment', 'service', 'labels.cluster'] };
    const a = { ...base, service: null, environment: null, labels: { service: 'db', env: 'staging' } };
    expect(correlationKey(a, cfg)).toBe('environment=staging|service=db|labels.cluster=-');
  });

  it('cannot be confused by separators inside values', () => {
    const cfg = { groupBy: ['service', 'environment'] };
    const x = correlationKey({ ...base, service: 'a|environment=b', environment: 'c' }, cfg);
    const y = correlationKey({ ...base, service: 'a', environment: 'b|environment=c' }, cfg);
    expect(x).not.toBe(y);
  });
});
