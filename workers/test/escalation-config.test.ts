import { loadWorkerConfig } from '../src';

const base = { DATABASE_URL: 'postgresql://x/y' };

describe('escalation settings', () => {
  it('defaults: no webhook, links to http://localhost:3000; empty values count as unset', () => {
    expect(loadWorkerConfig(base)).toMatchObject({
      escalationWebhookUrl: undefined,
      publicUrl: 'http://localhost:3000',
    });
    expect(loadWorkerConfig({ ...base, HRO_ESCALATION_WEBHOOK_URL: '', HRO_PUBLIC_URL: '' })).toMatchObject({
      escalationWebhookUrl: undefined,
      publicUrl: 'http://localhost:3000',
    });
  });

  it('takes http(s) URLs', () => {
    const c = loadWorkerConfig({
      ...base,
      HRO_ESCALATION_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/token',
      HRO_PUBLIC_URL: 'https://ops.example.com/hro',
    });
    expect(c.escalationWebhookUrl).toBe('https://hooks.slack.com/services/T0/B0/token');
    expect(c.publicUrl).toBe('https://ops.example.com/hro');
  });

  it('refuses anything else, naming the variable but not echoing the value', () => {
    for (const bad of ['hooks.slack.com/services/T0/B0/token', 'ftp://hooks.example.com/token', 'token']) {
      expect(() => loadWorkerConfig({ ...base, HRO_ESCALATION_WEBHOOK_URL: bad })).toThrow(
        /^invalid worker configuration: HRO_ESCALATION_WEBHOOK_URL: must be an http:\/\/ or https:\/\/ URL$/,
      );
      expect(() => loadWorkerConfig({ ...base, HRO_PUBLIC_URL: bad })).toThrow(/HRO_PUBLIC_URL: must be an http/);
    }
  });
});
