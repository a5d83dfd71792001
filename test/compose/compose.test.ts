import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs here: the topology is checked by parsing it. Each assertion is a
// mistake that would make `docker compose up` start something broken.
const ROOT = join(__dirname, '..', '..');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;
const svc = (name: string): Service => {
  const s = compose.services[name];
  if (!s) throw new Error(`service ${name} missing`);
  return s;
};
const APP = ['setup', 'api', 'worker-situations', 'worker-remediation'];

describe('docker-compose.yml', () => {
  it('has the production-like topology', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['api', 'postgres', 'setup', 'temporal', 'temporal-ui', 'worker-remediation', 'worker-situations'].sort(),
    );
    expect(svc('postgres').image).toMatch(/^postgres:\d+/);
    expect(svc('temporal').image).toMatch(/^temporalio\/(auto-setup|server):\d/);
    expect(svc('temporal-ui').image).toMatch(/^temporalio\/ui:\d/);
  });

  it('builds one image from the Dockerfile and runs each role from it', () => {
    expect(existsSync(join(ROOT, 'Dockerfile'))).toBe(true);
    const builders = APP.filter((n) => svc(n).build !== undefined);
    expect(builders).toEqual(['setup']);
    const image = svc('setup').image;
    for (const n of APP) expect(svc(n).image).toBe(image);
    // Every command names an entrypoint that exists in the repository.
    for (const n of APP) {
      const entry = svc(n).command?.find((a) => a.endsWith('.ts')) ?? `${n}: no .ts entrypoint`;
      expect(existsSync(join(ROOT, entry)) ? entry : `missing ${entry}`).toBe(entry);
    }
    expect(svc('worker-situations').environment?.HRO_WORKER_QUEUES).toBe('situations');
    expect(svc('worker-remediation').environment?.HRO_WORKER_QUEUES).toBe('remediation');
  });

  it('wires every app service to the same database and Temporal', () => {
    const pg = svc('postgres').environment ?? {};
    for (const n of APP) {
      const env = svc(n).environment ?? {};
      const db = new URL((env.DATABASE_URL ?? '').replace('${POSTGRES_PASSWORD:-hro-change-me}', 'pw'));
      expect(db.protocol).toBe('postgresql:');
      expect(db.hostname).toBe('postgres');
      expect(db.port).toBe('5432');
      expect(db.username).toBe(pg.POSTGRES_USER);
      expect(db.pathname).toBe(`/${pg.POSTGRES_DB}`);
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(env.TEMPORAL_NAMESPACE).toBe(svc('temporal').environment?.DEFAULT_NAMESPACE);
    }
    expect(svc('temporal').environment?.POSTGRES_SEEDS).toBe('postgres');
    expect(svc('temporal-ui').environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('publishes the documented ports', () => {
    expect(svc('api').ports).toContain('3000:3000');
    expect(svc('api').environment?.PORT).toBe('3000');
    expect(svc('temporal-ui').ports).toContain('8233:8080');
    expect(svc('temporal').ports).toContain('7233:7233');
    // Workers take no inbound traffic.
    expect(svc('worker-situations').ports).toBeUndefined();
    expect(svc('worker-remediation').ports).toBeUndefined();
  });

  it('starts services only after what they need is healthy or done', () => {
    for (const n of ['postgres', 'temporal', 'api', 'worker-situations', 'worker-remediation']) {
      expect(svc(n).healthcheck?.test).toBeDefined();
    }
    expect(svc('temporal').depends_on?.postgres?.condition).toBe('service_healthy');
    expect(svc('setup').depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      temporal: { condition: 'service_healthy' },
    });
    for (const n of ['api', 'worker-situations', 'worker-remediation']) {
      expect(svc(n).depends_on?.setup?.condition).toBe('service_completed_successfully');
    }
    expect(JSON.stringify(svc('api').healthcheck?.test)).toContain('/readyz');
    // Workers are checked on the metrics port they are told to serve.
    for (const n of ['worker-situations', 'worker-remediation']) {
      const port = svc(n).environment?.HRO_WORKER_METRICS_PORT;
      expect(port).toMatch(/^\d+$/);
      expect(JSON.stringify(svc(n).healthcheck?.test)).toContain(`127.0.0.1:${port}/metrics`);
    }
    expect(compose.volumes).toHaveProperty('postgres-data');
  });
});
