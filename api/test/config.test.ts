import { ConfigError, loadConfig } from '../src/config';

describe('loadConfig', () => {
  it('applies the documented defaults and converts durations to ms', () => {
    const c = loadConfig({ DATABASE_URL: 'postgresql://x/y' });
    expect(c).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      temporal: { address: '127.0.0.1:7233', namespace: 'default', uiUrl: 'http://localhost:8233' },
      sessionTtlMs: 12 * 3600_000,
      ingestMaxBytes: 1_048_576,
      cookieSecure: false,
      correlation: { groupBy: ['environment', 'service'], groupWindowMs: 30_000, maxAgeMs: 21_600_000, minAlerts: 1 },
      decision: { escalateAfterMs: 900_000, expireAfterMs: 3_600_000, verifyWindowMs: 300_000 },
    });
  });

  it('parses lists and booleans, treating empty values as unset', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgresql://x/y',
      HRO_GROUP_BY: ' service , labels.team ',
      HRO_COOKIE_SECURE: 'true',
      PORT: '',
    });
    expect(c.correlation.groupBy).toEqual(['service', 'labels.team']);
    expect(c.cookieSecure).toBe(true);
    expect(c.port).toBe(3000);
  });

  it('fails fast naming every bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc', HRO_COOKIE_SECURE: 'maybe' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', HRO_COOKIE_SECURE: 'maybe' });
    } catch (err) {
      const msg = (err as Error).message;
      expect(msg).toMatch(/DATABASE_URL/);
      expect(msg).toMatch(/PORT/);
      expect(msg).toMatch(/HRO_COOKIE_SECURE/);
    }
  });
});
