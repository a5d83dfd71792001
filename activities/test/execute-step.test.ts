import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ApplicationFailure } from '@temporalio/common';
import { createPrisma, type PrismaClient } from '@hro/db';
import type { StepAction } from '@hro/domain';
import { createRemediationActivities, type StepInput } from '../src';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { startTargetServer, type TargetServer } from './support/target-server';

jest.setTimeout(60_000);

let db: TestDatabase;
let prisma: PrismaClient;
let target: TargetServer;
let scratch: string;
let n = 0;

beforeAll(async () => {
  [db, target] = await Promise.all([createTestDatabase(), startTargetServer()]);
  prisma = createPrisma(db.url, { max: 2 });
  await prisma.situation.create({
    data: { id: 'sit-steps', correlationKey: 'k', title: 't', state: 'executing', severity: 'info' },
  });
  scratch = mkdtempSync(join(tmpdir(), 'hro-steps-'));
});

afterAll(async () => {
  await prisma?.$disconnect();
  await target?.close();
  await db?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

function activities(outputLimit = 4096) {
  return createRemediationActivities({
    prisma,
    publisher: { situationChanged: () => undefined, executionChanged: () => undefined },
    logger: pino({ level: 'silent' }),
    policy: {
      httpAllowlist: [target.hostPort],
      commandAllowlist: ['/bin/echo', '/usr/bin/env', '/bin/sleep', '/usr/bin/seq'],
    },
    outputLimit,
    commandPath: '/usr/bin:/bin',
  });
}

function step(action: StepAction, timeoutSeconds = 10): StepInput {
  n += 1;
  return {
    situationId: 'sit-steps',
    phase: 'apply',
    index: n,
    name: `step ${n}`,
    action,
    idempotencyKey: `sit-steps:apply:${n}`,
    timeoutSeconds,
    version: 1,
  };
}

const post = (url: string): StepAction => ({
  kind: 'http',
  method: 'POST',
  url,
  headers: {},
  expectStatus: [200],
});

async function failure(p: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    throw err;
  }
  throw new Error('the step succeeded');
}

describe('http and check steps', () => {
  it('sends the Idempotency-Key and records the step; a repeat with the same key does not re-apply', async () => {
    const { executeStep } = activities();
    const s = step(post(target.url('/restart/api')));
    const first = await executeStep(s);
    expect(first.reused).toBe(false);
    expect(first.output).toContain('200');
    const again = await executeStep(s);
    expect(again).toEqual({ output: first.output, reused: true });
    const calls = target.calls.filter((c) => c.idempotencyKey === s.idempotencyKey);
    expect(calls).toHaveLength(1);
    const row = await prisma.executionStep.findUniqueOrThrow({ where: { idempotencyKey: s.idempotencyKey } });
    expect(row).toMatchObject({ status: 'succeeded', attempts: 1, phase: 'apply' });
    expect(row.finishedAt).not.toBeNull();
  });

  it('refuses a host that is not allow-listed, without calling it (non-retryable)', async () => {
    const { executeStep } = activities();
    const before = target.calls.length;
    const err = await failure(executeStep(step(post(`http://127.0.0.2:${target.port}/x`))));
    expect(err.type).toBe('StepPolicyViolation');
    expect(err.nonRetryable).toBe(true);
    expect(target.calls.length).toBe(before);
  });

  it('a failed attempt with attempts left is retrying, not failed; a policy refusal is failed at once', async () => {
    const { executeStep } = activities();
    const s = { ...step(post(target.url('/status/503'))), maxAttempts: 3 };
    await failure(executeStep(s));
    const row = await prisma.executionStep.findUniqueOrThrow({ where: { idempotencyKey: s.idempotencyKey } });
    expect(row).toMatchObject({ status: 'retrying', attempts: 1, finishedAt: null });
    const refused = { ...step(post(`http://127.0.0.2:${target.port}/x`)), maxAttempts: 3 };
    await failure(executeStep(refused));
    const refusedRow = await prisma.executionStep.findUniqueOrThrow({
      where: { idempotencyKey: refused.idempotencyKey },
    });
    expect(refusedRow.status).toBe('failed');
  });

  it('an unexpected status is a retryable failure; a later attempt with the same key succeeds once', async () => {
    const { executeStep } = activities();
    const s = step(post(target.url('/status/503')));
    const err = await failure(executeStep(s));
    expect(err.type).toBe('StepFailed');
    expect(err.nonRetryable).toBe(false);
    let row = await prisma.executionStep.findUniqueOrThrow({ where: { idempotencyKey: s.idempotencyKey } });
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.error).toMatch(/unexpected status 503/);
    await executeStep({ ...s, action: post(target.url('/ok')) });
    row = await prisma.executionStep.findUniqueOrThrow({ where: { idempotencyKey: s.idempotencyKey } });
    expect(row).toMatchObject({ status: 'succeeded', attempts: 2, error: null });
  });

  it('times out a slow target', async () => {
    const { executeStep } = activities();
    const err = await failure(executeStep(step(post(target.url('/slow/3000/x')), 1)));
    expect(err.message).toMatch(/timed out/);
  });

  it('check steps GET and expect status and body', async () => {
    const { executeStep } = activities();
    const ok: StepAction = { kind: 'check', url: target.url('/health'), expectStatus: [200], expectBody: 'health' };
    await expect(executeStep(step(ok))).resolves.toMatchObject({ reused: false });
    const bad: StepAction = { kind: 'check', url: target.url('/health'), expectStatus: [200], expectBody: 'nope' };
    expect((await failure(executeStep(step(bad)))).message).toMatch(/does not contain/);
    expect(target.calls.filter((c) => c.path === '/health').every((c) => c.method === 'GET')).toBe(true);
  });
});

describe('command steps', () => {
  const cmd = (...argv: string[]): StepAction => ({ kind: 'command', argv });

  it('refuses an executable that is not allow-listed', async () => {
    const { executeStep } = activities();
    const err = await failure(executeStep(step(cmd('/bin/sh', '-c', 'echo hi'))));
    expect(err.type).toBe('StepPolicyViolation');
    expect(err.message).toMatch(/not on the command allow-list/);
  });

  it('never uses a shell: $(...) stays a literal argument', async () => {
    const { executeStep } = activities();
    const marker = join(scratch, 'pwned');
    const res = await executeStep(step(cmd('/bin/echo', `$(touch ${marker})`, '; touch', marker)));
    expect(res.output).toBe(`$(touch ${marker}) ; touch ${marker}\n`);
    expect(existsSync(marker)).toBe(false);
  });

  it('scrubs the environment to PATH and the idempotency key', async () => {
    process.env.HRO_TEST_SECRET = 'do-not-leak';
    const { executeStep } = activities();
    const s = step(cmd('/usr/bin/env'));
    const res = await executeStep(s);
    const vars = res.output.trim().split('\n').sort();
    expect(vars).toEqual([`HRO_IDEMPOTENCY_KEY=${s.idempotencyKey}`, 'PATH=/usr/bin:/bin']);
    delete process.env.HRO_TEST_SECRET;
  });

  it('kills a command that exceeds its timeout', async () => {
    const { executeStep } = activities();
    const started = Date.now();
    const err = await failure(executeStep(step(cmd('/bin/sleep', '10'), 1)));
    expect(err.message).toMatch(/killed after 1000 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('truncates long output', async () => {
    const { executeStep } = activities(1000);
    const res = await executeStep(step(cmd('/usr/bin/seq', '1', '100000')));
    expect(res.output.startsWith('1\n2\n3\n')).toBe(true);
    expect(res.output).toMatch(/\[output truncated: \d+ more bytes\]$/);
    expect(res.output.length).toBeLessThan(1100);
  });

  it('a non-zero exit is a retryable failure carrying the output', async () => {
    const { executeStep } = activities();
    const err = await failure(executeStep(step(cmd('/usr/bin/env', 'false'))));
    expect(err.nonRetryable).toBe(false);
    expect(err.message).toMatch(/exit code 1/);
  });
});
