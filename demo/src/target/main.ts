import { startDemoTarget } from './server';

// Standalone demo target: `tsx demo/src/target/main.ts [port]` (default HRO_DEMO_TARGET_PORT or 3999).
// Entry points are the one place that read the environment for this tiny process.
const port = Number(process.argv[2] ?? process.env.HRO_DEMO_TARGET_PORT ?? 3999);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid port ${process.argv[2] ?? process.env.HRO_DEMO_TARGET_PORT}`);
  process.exit(2);
}
startDemoTarget({ port, log: (line) => console.log(`[demo-target] ${line}`) })
  .then((t) => {
    console.log(`[demo-target] listening on ${t.url} (GET /state, POST /admin/break {"scenario": ...})`);
    const stop = (): void => void t.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  })
  .catch((e: unknown) => {
    console.error(`[demo-target] cannot start: ${String(e)}`);
    process.exit(1);
  });
