import { parseEnv } from './parse-env';

describe('configuration', () => {
  it('has working defaults', () => {
    expect(parseEnv({})).toEqual({ VITE_API_BASE: '', VITE_RESPONDER_BASE: '/responder', VITE_REFRESH_MS: 60_000 });
  });
  it('names the bad setting', () => {
    expect(() => parseEnv({ VITE_API_BASE: 'localhost:3000' })).toThrow(/VITE_API_BASE/);
    expect(() => parseEnv({ VITE_REFRESH_MS: '10' })).toThrow(/VITE_REFRESH_MS/);
    expect(parseEnv({ VITE_API_BASE: 'http://127.0.0.1:3000', VITE_REFRESH_MS: '15000' })).toMatchObject({
      VITE_API_BASE: 'http://127.0.0.1:3000',
      VITE_REFRESH_MS: 15_000,
    });
  });
});
