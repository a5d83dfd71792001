import { join } from 'node:path';
import { spawnManaged, type ChildExit, type ManagedChild } from './child-process';

/** The repository root (launcher/src/../..): entrypoints and runbooks are found from it. */
export const ROOT = join(__dirname, '..', '..');

/** A product process the launcher runs: name, TypeScript entrypoint, extra env. */
export interface ServiceSpec {
  name: string;
  entry: string;
  env: Record<string, string>;
}

/** The processes of the embedded default, in start order (stopped in reverse). */
export function serviceSpecs(
  ports: { api: number; demoTarget: number },
  workerMetricsPorts: [number, number] | undefined,
): ServiceSpec[] {
  const metrics = (i: 0 | 1) => String(workerMetricsPorts?.[i] ?? 0);
  return [
    {
      name: 'demo-target',
      entry: join(ROOT, 'demo/src/target/main.ts'),
      env: { HRO_DEMO_TARGET_PORT: String(ports.demoTarget) },
    },
    // One worker process per task queue, as in production: remediation can be deployed
    // near the infrastructure with its own credentials.
    {
      name: 'worker:situations',
      entry: join(ROOT, 'workers/src/main.ts'),
      env: { HRO_WORKER_QUEUES: 'situations', HRO_WORKER_METRICS_PORT: metrics(0) },
    },
    {
      name: 'worker:remediation',
      entry: join(ROOT, 'workers/src/main.ts'),
      env: { HRO_WORKER_QUEUES: 'remediation', HRO_WORKER_METRICS_PORT: metrics(1) },
    },
    { name: 'api', entry: join(ROOT, 'api/src/main.ts'), env: { PORT: String(ports.api) } },
  ];
}

/** Starts one service as `node --import tsx <entry>` (TypeScript runs directly). */
export function startService(
  spec: ServiceSpec,
  baseEnv: Record<string, string>,
  onUnexpectedExit: (name: string, exit: ChildExit) => void,
): ManagedChild {
  return spawnManaged({
    name: spec.name,
    command: process.execPath,
    args: ['--enable-source-maps', '--import', 'tsx', spec.entry],
    env: { ...baseEnv, ...spec.env },
    cwd: ROOT,
    onUnexpectedExit: (exit) => onUnexpectedExit(spec.name, exit),
  });
}
