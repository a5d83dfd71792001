import type { LauncherConfig } from './config';
import type { SeededCredentials } from './credentials';

/** The lines printed once everything answers: where to go, how to log in, what next. */
export function bannerLines(opts: {
  cfg: LauncherConfig;
  credentials: SeededCredentials;
  temporalUiUrl: string;
}): string[] {
  const { cfg, credentials: c } = opts;
  const base = `http://localhost:${cfg.ports.api}`;
  const lines = [
    '',
    'HITL Response Orchestrator is running.',
    '',
    `  Command center (responders)  ${base}/responder`,
    `  Analytics hub                ${base}/analytics`,
    `  REST API                     ${base}/api/v1`,
    `  OpenAPI document             ${base}/api/v1/openapi.json`,
    `  Temporal Web UI              ${opts.temporalUiUrl}`,
    `  Prometheus metrics           ${base}/metrics`,
    ...(cfg.workerMetricsPorts
      ? [
          `  Worker metrics               ${cfg.workerMetricsPorts.map((p) => `http://localhost:${p}/metrics`).join('  ')}`,
        ]
      : []),
    `  Demo target                  http://127.0.0.1:${cfg.ports.demoTarget}/state`,
    `  Data directory               ${cfg.dataDir}`,
    '',
  ];
  if (c.adminPassword) {
    lines.push(`  Log in as ${c.adminEmail} with password ${c.adminPassword}`);
    lines.push('    (shown once: it is stored only as a hash; change it or add users as admin)');
  } else {
    lines.push(`  Log in as ${c.adminEmail} with the password set or printed on the first start.`);
  }
  if (c.secondApprover) {
    lines.push(
      c.secondApprover.password
        ? `  Second approver (four-eyes demo): ${c.secondApprover.email} with password ${c.secondApprover.password}`
        : `  Second approver (four-eyes demo): ${c.secondApprover.email}, password printed on the first start.`,
    );
  }
  if (c.ingestToken) {
    lines.push(`  Ingest token (${c.integrationName}): ${c.ingestToken}`);
    lines.push('    (shown once; rotate it under /api/v1/integrations as admin)');
  } else {
    lines.push(`  Ingest token (${c.integrationName}): the one set or printed on the first start.`);
  }
  const demoEnv = [
    ...(cfg.ports.api === 3000 ? [] : [`HRO_URL=${base}`]),
    ...(cfg.ports.demoTarget === 3999 ? [] : [`HRO_DEMO_TARGET_URL=http://127.0.0.1:${cfg.ports.demoTarget}`]),
    `HRO_INGEST_TOKEN=${c.ingestToken ?? '<ingest token>'}`,
  ];
  lines.push(
    '',
    '  Replay a realistic outage (Alertmanager webhooks) in another terminal:',
    `    ${demoEnv.join(' ')} npm run demo`,
    '',
    '  Ctrl-C stops everything; `npm start` again keeps all data.',
    '',
  );
  return lines;
}

/** Prints the banner to stdout (plain text, not a log line: it is for the human). */
export function printBanner(opts: Parameters<typeof bannerLines>[0]): void {
  process.stdout.write(bannerLines(opts).join('\n') + '\n');
}
