import { loadWorkerConfig } from '../src';

describe('loadWorkerConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadWorkerConfig({ DATABASE_URL: 'postgresql://x/y' });
    expect(c).toMatchObject({
      temporalAddress: '127.0.0.1:7233',
      namespace: 'default',
      queues: ['situations', 'remediation'],
      runbooksDir: 'runbooks',
      commandAllowlist: [],
      httpAllowlist: [],
      stepOutputLimit: 16384,
      metricsPort: 9464,
    });
  });

  it('parses comma lists', () => {
    const c = loadWorkerConfig({
      DATABASE_URL: 'postgresql://x/y',
      HRO_WORKER_QUEUES: 'remediation',
      HRO_COMMAND_ALLOWLIST: 'hro-demo-ctl, /usr/bin/systemctl',
      HRO_HTTP_ALLOWLIST: '127.0.0.1:3999,localhost:80',
    });
    expect(c.queues).toEqual(['remediation']);
    expect(c.commandAllowlist).toEqual(['hro-demo-ctl', '/usr/bin/systemctl']);
    expect(c.httpAllowlist).toEqual(['127.0.0.1:3999', 'localhost:80']);
  });

  it('fails fast naming the wrong setting', () => {
    expect(() => loadWorkerConfig({})).toThrow(/DATABASE_URL/);
    expect(() => loadWorkerConfig({ DATABASE_URL: 'x', HRO_WORKER_QUEUES: 'situations,everything' })).toThrow(
      /HRO_WORKER_QUEUES/,
    );
    expect(() => loadWorkerConfig({ DATABASE_URL: 'x', HRO_STEP_OUTPUT_LIMIT: 'lots' })).toThrow(
      /HRO_STEP_OUTPUT_LIMIT/,
    );
  });
});
