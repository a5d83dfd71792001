import { runbookSchema } from '@hro/domain';
import { startTestApi, type TestApi } from '../../api/test/situations-fixtures';
import { startSituationWorker, type SituationWorker } from '../../api/test/support/situation-worker';
import { temporalAddress } from '../../test/support/env';
import { EXIT, runCli, type CliIo } from '../src';
import { runCliProcess } from './support/run-cli';

// `approve` against REAL situation workflows (api/test/support/situation-worker.ts: an
// in-process worker; remediation paused, so approved plans never dispatch steps).

const restart = runbookSchema.parse({
  id: 'restart-api',
  version: 1,
  title: 'Restart the API',
  risk: 'low',
  appliesTo: { alertnames: ['HighLatency'] },
  steps: [{ name: 'restart', action: { kind: 'http', url: 'http://127.0.0.1:9/restart' } }],
});

let api: TestApi;
let situations: SituationWorker;

const approvals = (id: string) =>
  api.prisma.approval.findMany({ where: { situationId: id }, select: { decision: true, planHash: true } });

/** The CLI in-process as an approver at a terminal that answers `answer` and records the prompt. */
async function atTerminal(argv: string[], answer: string) {
  const out: string[] = [];
  const err: string[] = [];
  const prompts: string[] = [];
  const io: CliIo = {
    config: { url: api.url, token: api.tokens.approver, password: undefined, sessionFile: '/nonexistent' },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    readLine: () => Promise.reject(new Error('no password is asked for')),
    interactive: true,
    ask: (p) => {
      prompts.push(p);
      return Promise.resolve(answer);
    },
  };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n'), prompt: prompts.join('\n') };
}

beforeAll(async () => {
  api = await startTestApi({ temporalAddress: temporalAddress() });
  situations = await startSituationWorker(api, [restart]);
}, 120_000);

afterAll(async () => {
  await situations?.close();
  await api?.close();
});

const awaitingSituation = () => situations.awaitingSituation('HighLatency');

describe('cli approve', () => {
  it('without --plan-hash and without a terminal: refuses and approves nothing (real process)', async () => {
    const { id } = await awaitingSituation();
    const r = await runCliProcess(['approve', id], { HRO_URL: api.url, HRO_TOKEN: api.tokens.approver });
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/needs a terminal/);
    expect(r.err).toContain(`approve ${id} --plan-hash <hash>`);
    expect(await approvals(id)).toEqual([]);
  });

  it('with --plan-hash: approves exactly that hash (real process); a stale hash is refused', async () => {
    const { id, plan } = await awaitingSituation();
    const env = { HRO_URL: api.url, HRO_TOKEN: api.tokens.approver };
    const stale = await runCliProcess(['approve', id, '--plan-hash', 'b'.repeat(64)], env);
    expect(stale.code).toBe(EXIT.refused);
    expect(stale.err).toMatch(/\(409\).*plan changed/s);
    expect(await approvals(id)).toEqual([]);

    const ok = await runCliProcess(['approve', id, '--plan-hash', plan.hash, '--reason', 'latency'], env);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(EXIT.ok);
    expect(ok.out).toBe(`Approved ${id} (plan ${plan.hash.slice(0, 12)}…): now executing.\n`);
    expect(await approvals(id)).toEqual([{ decision: 'approve', planHash: plan.hash }]);
  });

  it('at a terminal: shows the plan, approves that hash on "y", and nothing on anything else', async () => {
    const { id, plan } = await awaitingSituation();
    const no = await atTerminal(['approve', id], '');
    expect(no.code).toBe(EXIT.failed);
    expect(no.err).toBe(`Not approved: ${id} is unchanged.`);
    expect(no.prompt).toContain(`Plan: Restart the API (restart-api v1, low risk, 1 approval(s))`);
    expect(no.prompt).toContain(`hash   ${plan.hash}`);
    expect(no.prompt).toContain('1. restart: POST http://127.0.0.1:9/restart');
    expect(no.prompt).toMatch(/\? \[y\/N\] $/);
    expect(await approvals(id)).toEqual([]);

    const yes = await atTerminal(['approve', id, '--reason', 'seen it'], 'y');
    expect(yes.code).toBe(EXIT.ok);
    expect(yes.out).toMatch(/^Approved .*: now executing\.$/);
    expect(await approvals(id)).toEqual([{ decision: 'approve', planHash: plan.hash }]);
  });
});
