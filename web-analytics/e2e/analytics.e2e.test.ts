import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, startHubStack, type HubStack } from './hub-stack';

// The analytics hub in a real Chromium, served by the real API process over a database
// holding the hand-computed dataset of api/test/analytics-seed.ts, anchored 20 hours ago
// so the default "Last 7 days" view covers it. Then a real ingest moves the live counter
// over Socket.IO without a reload.

// Under the root config a project's testTimeout is not applied: set it here (tests and hooks).
jest.setTimeout(300_000);

const SHOTS = join(ROOT, 'test-results', 'screenshots');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let stack: HubStack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const t0 = new Date(Math.floor((Date.now() - 20 * 3_600_000) / 60_000) * 60_000);
  stack = await startHubStack(t0);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const text = (testId: string) => page.getByTestId(testId).textContent();

async function eventually(read: () => Promise<string | null>, expected: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await read();
    if (last === expected) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`expected "${expected}", still "${last}" after ${timeoutMs} ms`);
}

describe('analytics hub (browser, real API)', () => {
  it('signs in with the command center account and renders the seeded data', async () => {
    await page.goto(`${stack.baseUrl}/analytics/`);
    await page.getByLabel('Email').fill(stack.viewer.email);
    await page.getByLabel('Password').fill(stack.viewer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // Last 24 h: the seed's 12 in-window deliveries plus A6's two (its third lies in the
    // future), 6 alerts, S0..S7.
    await eventually(() => text('kpi-received'), '14');
    expect(await text('kpi-unique')).toBe('6');
    expect(await text('kpi-situations')).toBe('8');

    const outcomes = page.getByRole('table', { name: 'Remediation outcomes per runbook' });
    await outcomes.waitFor();
    const rows = await outcomes.getByRole('row').allTextContents();
    // S0 (restart-service, resolved) joins S1 and S5: 2 resolved of 2 finished.
    expect(rows.some((r) => r.startsWith('restart-service3') && r.includes('100%'))).toBe(true);
    expect(rows.some((r) => r.startsWith('failover-db2'))).toBe(true);

    // Situation-level items link into the command center.
    const slow = page.getByRole('table', { name: 'Slowest situations' });
    expect(await slow.getByRole('link').first().getAttribute('href')).toMatch(/^\/responder\/situations\/sit-\d$/);
    const flapping = page.getByRole('table', { name: 'Flapping alerts' });
    expect(await flapping.getByRole('link', { name: 'sit-1' }).getAttribute('href')).toBe(
      '/responder/situations/sit-1',
    );

    // Every chart panel rendered its SVG.
    for (const title of ['Compression over time', 'State funnel', 'When services are noisy', 'MTTA / MTTR trend']) {
      await page.getByRole('region', { name: title }).locator('svg.recharts-surface').first().waitFor();
    }
  });

  it('filters by service from the keyboard-usable pickers and keeps the filter in the address', async () => {
    await page.getByLabel('Service', { exact: true }).selectOption('db');
    // db: A3 (1 delivery) and A4 (3); situations S2, S3.
    await eventually(() => text('kpi-received'), '4');
    expect(await text('kpi-situations')).toBe('2');
    expect(new URL(page.url()).searchParams.get('service')).toBe('db');
    await page.goBack();
    await eventually(() => text('kpi-received'), '14');
    expect(await page.getByLabel('Service', { exact: true }).inputValue()).toBe('');
  });

  it('shows empty states for a range without data', async () => {
    await page.goto(`${stack.baseUrl}/analytics/?range=custom&from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z`);
    await eventually(() => text('kpi-received'), '0');
    await page.getByText('No situations opened in this range.').waitFor();
    await page.getByText('No alerts in this range.').first().waitFor();
    await page.goto(`${stack.baseUrl}/analytics/`);
    await eventually(() => text('kpi-received'), '14');
  });

  it('moves the live counter when a new alert is ingested, without a reload', async () => {
    await page.locator('.conn-live').waitFor();
    expect(await text('live-last-hour')).toBe('0');
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    const res = await fetch(`${stack.baseUrl}/api/v1/ingest/generic`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.ingestToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'CheckoutErrorRate',
        service: 'payments',
        environment: 'prod',
        severity: 'critical',
        summary: '5xx above 5% on /checkout',
      }),
    });
    expect(res.status).toBe(202);

    await eventually(() => text('live-last-hour'), '1');
    expect(await text('live-last-five')).toBe('1');
    // The debounced refetch brings the range KPIs along.
    await eventually(() => text('kpi-received'), '15');
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    await page.screenshot({ path: join(SHOTS, 'analytics.png'), fullPage: true });
    // The first screen at full resolution, for a closer look at the live and noise panels.
    await page.screenshot({ path: join(SHOTS, 'analytics-top.png') });
  });
});
