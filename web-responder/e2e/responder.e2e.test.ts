import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page as ApiPage, Plan, SituationDetail, SituationSummary } from '@hro/domain';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { api, apiLogin, replayStorm, ROOT, startStack, type Stack } from './stack';

// The command center in a real Chromium against the real product: launcher-started
// Temporal dev server, both workers, the demo target and the API serving the built app.
// Story: an outage storm arrives → the situation appears live → evidence and exact plan →
// a stale plan is refused → four-eyes approval by two approvers (a viewer cannot act) →
// steps run on the demo target → alerts clear → resolved.

jest.setTimeout(600_000);

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

const approver2 = {
  email: 'second.approver@example.com',
  password: 'e2e-approver-password-2',
  name: 'Second Approver',
};
const viewer = { email: 'watcher@example.com', password: 'e2e-viewer-password-3', name: 'Watcher' };

let stack: Stack;
let browser: Browser;
let adminToken: string;
let replay: ChildProcess | undefined;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return page;
}

/** Re-reads `read` until `check` passes (assertion errors retried) or the time is up. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check(await read());
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function signIn(page: Page, email: string, password: string, path = '/responder/'): Promise<void> {
  await page.goto(`${stack.baseUrl}${path}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack();
  adminToken = await apiLogin(stack, stack.admin.email, stack.admin.password);
  for (const u of [
    { ...approver2, role: 'approver' },
    { ...viewer, role: 'viewer' },
  ]) {
    await api(stack, adminToken, 'POST', '/users', u);
  }
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 300_000);

afterAll(async () => {
  replay?.kill('SIGTERM');
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
}, 120_000);

test('triage, four-eyes approval and a live run to resolved, in the browser', async () => {
  // 1. Log in; the empty queue is live before any alert exists.
  const lead = await newPage();
  await signIn(lead, stack.admin.email, stack.admin.password);
  await lead.getByRole('heading', { name: 'Situations' }).waitFor();
  await lead.locator('.conn-live').waitFor();
  await lead.evaluate(() => ((globalThis as unknown as { __noReload: boolean }).__noReload = true));

  // 2. Replay the storm; the database situation appears without a reload and awaits approval.
  replay = replayStorm(stack);
  const dbRow = lead.locator('tr[data-situation-id]', { hasText: 'orders-db' });
  await dbRow.locator('.state-awaiting_approval').waitFor({ timeout: 120_000 });
  expect(await lead.evaluate(() => (globalThis as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await eventually(
    () => lead.title(),
    (v) => expect(v).toMatch(/^\(\d+\) awaiting approval/),
    10_000,
  );
  await eventually(
    () => dbRow.locator('.deadline').innerText(),
    (v) => expect(v).toMatch(/escalates in/),
  );
  await lead.screenshot({ path: join(SHOTS, 'queue.png'), fullPage: true });

  const situationId = (await dbRow.getAttribute('data-situation-id'))!;
  const detail = await api<SituationDetail>(stack, adminToken, 'GET', `/situations/${situationId}`);
  expect(detail.plan).not.toBeNull();
  const plan = detail.plan!;

  // 3. Open it: evidence, recommendation and the exact plan with its hash.
  await dbRow.getByRole('link').click();
  await lead.getByRole('heading', { name: 'Decision' }).waitFor();
  await lead.getByText(plan.hash).first().waitFor();
  await lead.getByRole('heading', { name: /^Alerts/ }).waitFor();
  await lead.getByText('DatabasePrimaryDown').first().waitFor();
  await lead.getByRole('heading', { name: 'Recommendation' }).waitFor();
  await lead.screenshot({ path: join(SHOTS, 'detail.png'), fullPage: true });

  // 4. A stale plan (one rendered for other values, no longer the plan shown) is refused
  //    by the workflow, and the reason is shown plainly.
  const other = Object.entries(detail.recommendation?.candidates[0]?.runbook.parameters ?? {}).find(
    ([, spec]) => spec.enum && spec.enum.length > 1,
  );
  let staleHash = '0'.repeat(64);
  if (other) {
    const [name, spec] = other;
    const value = spec.enum!.find((v) => v !== plan.params[name])!;
    const stale = await api<Plan>(stack, adminToken, 'POST', `/situations/${situationId}/plan`, {
      runbookId: plan.runbookId,
      params: { ...plan.params, [name]: value },
    });
    staleHash = stale.hash;
  }
  expect(staleHash).not.toBe(plan.hash);
  await lead.route('**/api/v1/situations/*/approve', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
    await route.continue({ postData: JSON.stringify({ ...body, planHash: staleHash }) });
  });
  await lead.getByTestId('approve').click();
  const refusal = lead.getByTestId('refusal');
  await refusal.waitFor();
  expect(await refusal.innerText()).toMatch(/^The server refused this decision: .{10,}/);
  await lead.unroute('**/api/v1/situations/*/approve');
  await lead.screenshot({ path: join(SHOTS, 'detail-stale-refused.png'), fullPage: true });

  // 5. A viewer sees the situation but has no way to approve; the API refuses them too.
  const watcher = await newPage();
  await signIn(watcher, viewer.email, viewer.password, `/responder/situations/${situationId}`);
  await watcher.getByRole('heading', { name: 'Decision' }).waitFor();
  await watcher.getByTestId('read-only').waitFor();
  expect(await watcher.getByTestId('approve').count()).toBe(0);
  const viewerStatus = await watcher.evaluate(
    async ([id, hash]) =>
      (
        await fetch(`/api/v1/situations/${id}/approve`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ decision: 'approve', planHash: hash, reason: 'sneaky' }),
        })
      ).status,
    [situationId, plan.hash] as const,
  );
  expect(viewerStatus).toBe(403);

  // 6. Approve for real. A high-risk plan needs a second, different approver.
  await lead.getByLabel('Reason (recorded in the audit trail)').fill('Primary is down; replica is healthy.');
  await lead.getByTestId('approve').click();
  if (plan.requiredApprovals === 1) await lead.getByTestId('decision-note').waitFor();
  if (plan.requiredApprovals > 1) {
    await eventually(
      () => lead.getByTestId('decision-result').innerText(),
      (v) => expect(v).toMatch(/Waiting for 1 more approval/),
    );
    await eventually(
      () => lead.getByTestId('four-eyes').innerText(),
      (v) => expect(v).toContain(`Approval 1 of 2: ${stack.admin.email}`),
      15_000,
    );
    expect(await lead.getByTestId('approve').isDisabled()).toBe(true);

    const second = await newPage();
    await signIn(second, approver2.email, approver2.password, `/responder/situations/${situationId}`);
    const eyes = second.getByTestId('four-eyes');
    await eventually(
      () => eyes.innerText(),
      (v) => expect(v).toContain('Waiting for 1 more approval from a different approver'),
    );
    await second.screenshot({ path: join(SHOTS, 'detail-four-eyes.png'), fullPage: true });
    await second.getByLabel('Reason (recorded in the audit trail)').fill('Agree: fail over.');
    await second.getByTestId('approve').click();
    // The form goes away as execution starts; the page keeps the verdict.
    await eventually(
      () => second.getByTestId('decision-note').innerText(),
      (v) => expect(v).toMatch(/Execution is starting/),
    );
  }

  // 7. Watch: steps progress live on the lead's page, then verification, then resolved.
  await lead.locator('.exec-step').first().waitFor({ timeout: 60_000 });
  await lead.locator('[data-testid="outcome"]').waitFor({ timeout: 240_000 });
  expect(await lead.getByTestId('outcome').innerText()).toMatch(/^resolved/);
  const steps = await lead.locator('.exec-step').count();
  expect(await lead.locator('.exec-step.status-succeeded').count()).toBe(steps);
  expect(await lead.getByRole('link', { name: /Temporal Web UI/ }).getAttribute('href')).toContain(situationId);
  await lead.screenshot({ path: join(SHOTS, 'detail-resolved.png'), fullPage: true });
  // All of it arrived live: the document loaded before the storm is still the same one.
  expect(await lead.evaluate(() => (globalThis as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  // 8. Back in the queue (client-side navigation), the resolved situation has left the active view.
  await lead.getByRole('link', { name: '← All situations' }).click();
  await lead.getByRole('heading', { name: 'Situations' }).waitFor();
  await eventually(
    () => lead.locator(`tr[data-situation-id="${situationId}"]`).count(),
    (n) => expect(n).toBe(0),
  );

  const final = await api<ApiPage<SituationSummary>>(stack, adminToken, 'GET', `/situations?state=resolved`);
  expect(final.items.map((s) => s.id)).toContain(situationId);
});
