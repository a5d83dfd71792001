import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { HISTORY_ENCODING, silentLogger } from './harness';

jest.setTimeout(120_000);

// Histories recorded from real runs (HRO_RECORD_HISTORIES=1 on situation-workflow.test.ts).
// Replaying them against today's code catches non-deterministic changes to the workflow.
const FIXTURES = join(__dirname, 'fixtures');
const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.history.json'));

it('has recorded histories to replay', () => {
  expect(files.length).toBeGreaterThanOrEqual(2);
});

describe('replay of recorded situation histories', () => {
  let bundle: Awaited<ReturnType<typeof bundleWorkflowCode>>;

  beforeAll(async () => {
    bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../src'), logger: silentLogger as never });
  });

  it.each(files)('%s replays deterministically', async (file) => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { encoding: string; data: string };
    expect(fixture.encoding).toBe(HISTORY_ENCODING);
    const history = temporal.api.history.v1.History.decode(Buffer.from(fixture.data, 'base64'));
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle }, history, file.replace('.history.json', '')),
    ).resolves.toBeUndefined();
  });
});
