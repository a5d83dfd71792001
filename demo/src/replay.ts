import { loadReplayConfig } from './replay-config';
import { runReplay } from './replay-runner';

// `npm run demo`: breaks the demo target (database primary down), then replays the outage
// to HRO as Alertmanager webhooks and resolves them once an approved runbook repaired it.
const log = (msg: string): void => console.log(`[demo ${new Date().toISOString().slice(11, 19)}] ${msg}`);

async function main(): Promise<void> {
  const cfg = loadReplayConfig(process.argv.slice(2), process.env);
  const fixed = await runReplay(cfg, log);
  log(fixed ? 'all alerts resolved: the outage is over' : 'gave up waiting: alerts still firing');
  process.exitCode = fixed ? 0 : 1;
}

main().catch((e: unknown) => {
  console.error(`[demo] ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
