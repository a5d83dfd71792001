import { temporalAddress } from '../../test/support/env';
import { createUser, login, post, startHarness, type ApiHarness } from './support/api-harness';

let h: ApiHarness;
const PW = 'correct horse battery staple';

beforeAll(async () => {
  h = await startHarness({ temporalAddress: temporalAddress() });
  await createUser(h.prisma, 'admin@example.com', 'admin', PW);
  await createUser(h.prisma, 'viewer@example.com', 'viewer', PW);
});
afterAll(async () => {
  await h?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${h.url}${path}`, { headers });
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

async function problem(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await res.json()) as { status: number; title: string; errors?: { field: string }[] };
}

describe('auth', () => {
  it('401 without a session, 401 with a bad token', async () => {
    const res = await get('/api/v1/auth/me');
    expect(res.status).toBe(401);
    expect((await problem(res)).status).toBe(401);
    expect((await get('/api/v1/users', bearer('hro_ses_nope'))).status).toBe(401);
  });

  it('logs in with bearer and cookie, then logs out', async () => {
    const res = await post(`${h.url}/api/v1/auth/login`, undefined, { email: 'Viewer@Example.com', password: PW });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; user: Record<string, unknown>; expiresAt: string };
    expect(body.user).toMatchObject({ email: 'viewer@example.com', role: 'viewer' });
    expect(body.user).not.toHaveProperty('passwordHash');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/hro_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0]!;

    expect((await get('/api/v1/auth/me', bearer(body.token))).status).toBe(200);
    const me = await get('/api/v1/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe('viewer@example.com');

    const out = await fetch(`${h.url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(204);
    expect((await get('/api/v1/auth/me', bearer(body.token))).status).toBe(401);
    expect(await h.prisma.session.count({ where: { user: { email: 'viewer@example.com' } } })).toBe(0);
  });

  it('refuses a wrong password with 401 and a malformed login with a field-named 400', async () => {
    const wrong = await post(`${h.url}/api/v1/auth/login`, undefined, { email: 'admin@example.com', password: 'nope' });
    expect(wrong.status).toBe(401);
    const bad = await post(`${h.url}/api/v1/auth/login`, undefined, { email: 'not-an-email', password: 3 });
    expect(bad.status).toBe(400);
    expect((await problem(bad)).errors?.map((e) => e.field)).toEqual(['body.email', 'body.password']);
  });

  it('rate-limits login attempts per email with 429', async () => {
    await createUser(h.prisma, 'target@example.com', 'viewer', PW);
    // Concurrent, so the bucket (10, then one per 6 s) cannot refill between attempts.
    const statuses = await Promise.all(
      Array.from({ length: 14 }, async () => {
        const r = await post(`${h.url}/api/v1/auth/login`, undefined, {
          email: 'target@example.com',
          password: 'guess',
        });
        await r.body?.cancel();
        return r.status;
      }),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
  });

  it('403 for a viewer on admin routes; admin manages users without ever seeing hashes', async () => {
    const viewer = await login(h.url, 'viewer@example.com', PW);
    const forbidden = await get('/api/v1/users', bearer(viewer));
    expect(forbidden.status).toBe(403);
    expect((await problem(forbidden)).title).toBe('Forbidden');

    const admin = await login(h.url, 'admin@example.com', PW);
    const created = await post(`${h.url}/api/v1/users`, admin, {
      email: 'ann@example.com',
      name: 'Ann',
      password: 'a long enough password',
      role: 'approver',
    });
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as { user: { id: string; role: string } };
    expect(user.role).toBe('approver');
    const dup = await post(`${h.url}/api/v1/users`, admin, {
      email: 'ann@example.com',
      name: 'Ann',
      password: 'a long enough password',
      role: 'viewer',
    });
    expect(dup.status).toBe(409);

    const list = await get('/api/v1/users', bearer(admin));
    const text = await list.text();
    expect(text).not.toMatch(/passwordHash|scrypt\$/);

    const annToken = await login(h.url, 'ann@example.com', 'a long enough password');
    const patched = await fetch(`${h.url}/api/v1/users/${user.id}`, {
      method: 'PATCH',
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      body: JSON.stringify({ disabled: true }),
    });
    expect(patched.status).toBe(200);
    // Disabling ends the user's sessions.
    expect((await get('/api/v1/auth/me', bearer(annToken))).status).toBe(401);
  });

  it('keeps at least one admin', async () => {
    const admin = await login(h.url, 'admin@example.com', PW);
    const me = (await (await get('/api/v1/auth/me', bearer(admin))).json()) as { user: { id: string } };
    const res = await fetch(`${h.url}/api/v1/users/${me.user.id}`, {
      method: 'PATCH',
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'viewer' }),
    });
    expect(res.status).toBe(409);
  });

  it('issues integration tokens once, stores only their hash, rotates and disables them', async () => {
    const admin = await login(h.url, 'admin@example.com', PW);
    const res = await post(`${h.url}/api/v1/integrations`, admin, { name: 'prom-prod', kind: 'alertmanager' });
    expect(res.status).toBe(201);
    const { integration, token } = (await res.json()) as { integration: { id: string }; token: string };
    expect(token).toMatch(/^hro_ing_/);
    const row = await h.prisma.integration.findUniqueOrThrow({ where: { id: integration.id } });
    expect(row.tokenHash).not.toContain(token);
    const listed = await (await get('/api/v1/integrations', bearer(admin))).text();
    expect(listed).not.toContain(token);
    expect(listed).not.toContain(row.tokenHash);

    const badKind = await post(`${h.url}/api/v1/integrations`, admin, { name: 'x', kind: 'nagios-classic' });
    expect(badKind.status).toBe(400);
    expect((await problem(badKind)).errors?.[0]?.field).toBe('body.kind');

    const ingest = (t: string) => post(`${h.url}/api/v1/ingest/alertmanager`, t, { version: '4', alerts: [] });
    expect((await ingest(token)).status).toBe(202);
    const rotated = (await (await post(`${h.url}/api/v1/integrations/${integration.id}/rotate`, admin, {})).json()) as {
      token: string;
    };
    expect((await ingest(token)).status).toBe(401);
    expect((await ingest(rotated.token)).status).toBe(202);
    const disable = await fetch(`${h.url}/api/v1/integrations/${integration.id}`, {
      method: 'PATCH',
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    });
    expect(disable.status).toBe(200);
    expect((await ingest(rotated.token)).status).toBe(403);
  });

  it('turns body errors into problem+json, never 5xx', async () => {
    const admin = await login(h.url, 'admin@example.com', PW);
    const badJson = await post(`${h.url}/api/v1/users`, admin, '{"email":');
    expect(badJson.status).toBe(400);
    await problem(badJson);
    const wrongType = await post(`${h.url}/api/v1/users`, admin, 'email=a', { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    const huge = await post(`${h.url}/api/v1/users`, admin, JSON.stringify({ name: 'x'.repeat(400_000) }));
    expect(huge.status).toBe(413);
    await problem(huge);
    const unknown = await get('/api/v1/nothing-here');
    expect(unknown.status).toBe(404);
    await problem(unknown);
  });

  it('reports liveness and readiness', async () => {
    expect((await get('/healthz')).status).toBe(200);
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { postgres: 'ok', temporal: 'ok' } });
  });
});
