import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  allHealthy,
  breakModel,
  databaseHealthy,
  healthyModel,
  SCENARIOS,
  SERVICES,
  serviceHealth,
  type Scenario,
  type ServiceHealth,
  type ServiceModel,
  type ServiceName,
  type TargetModel,
} from './model';

interface Reply {
  status: number;
  body: unknown;
}

/** One applied effect, in order: tests assert on order (compensations) and counts. */
export interface EffectRecord {
  at: string;
  route: string;
  idempotencyKey: string | null;
}

interface KeyRecord {
  route: string;
  reply: Reply;
  /** Times the effect was applied for this key: must stay 1. */
  applied: number;
  /** Times a request carrying this key arrived (retries, redeliveries). */
  deliveries: number;
}

/** A running demo target. */
export interface DemoTarget {
  url: string;
  port: number;
  /** Snapshot of the model plus derived health and idempotency bookkeeping. */
  state(): ReturnType<typeof snapshot>;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function snapshot(m: TargetModel, keys: Map<string, KeyRecord>, effects: EffectRecord[]) {
  return {
    healthy: allHealthy(m),
    database: { ...m.database, healthy: databaseHealthy(m) },
    deployment: m.deployment,
    load: m.load,
    services: Object.fromEntries(SERVICES.map((s) => [s, { ...m.services[s], ...serviceHealth(m, s) }])) as Record<
      ServiceName,
      ServiceModel & ServiceHealth
    >,
    idempotency: Object.fromEntries(
      [...keys].map(([k, v]) => [k, { route: v.route, applied: v.applied, deliveries: v.deliveries }]),
    ),
    effects,
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 65536) throw new HttpError(413, 'body too large');
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through to the 400 below
  }
  throw new HttpError(400, 'body must be a JSON object');
}

function serviceName(name: string | undefined): ServiceName {
  if (!SERVICES.includes(name as ServiceName)) throw new HttpError(404, `unknown service ${name}`);
  return name as ServiceName;
}

type Effect = (m: TargetModel, body: Record<string, unknown>, p: string[]) => unknown;

// Remediation endpoints the runbooks call; each applies at most once per Idempotency-Key.
const EFFECTS: [RegExp, Effect][] = [
  [
    /^\/services\/([^/]+)\/restart$/,
    (m, _b, [s]) => {
      const svc = m.services[serviceName(s)];
      svc.restarts++;
      svc.leaking = false;
      return { restarted: s, restarts: svc.restarts };
    },
  ],
  [
    /^\/services\/([^/]+)\/scale$/,
    (m, b, [s]) => {
      const svc = m.services[serviceName(s)];
      const replicas = b.replicas;
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 1 || replicas > 50) {
        throw new HttpError(400, 'replicas must be an integer between 1 and 50');
      }
      svc.previousReplicas = svc.replicas;
      svc.replicas = replicas;
      return { service: s, replicas, previousReplicas: svc.previousReplicas };
    },
  ],
  [
    /^\/services\/([^/]+)\/scale\/restore$/,
    (m, _b, [s]) => {
      const svc = m.services[serviceName(s)];
      if (svc.previousReplicas !== null) svc.replicas = svc.previousReplicas;
      svc.previousReplicas = null;
      return { service: s, replicas: svc.replicas };
    },
  ],
  [
    /^\/services\/([^/]+)\/connections\/drain$/,
    (m, _b, [s]) => ({ service: s, drains: ++m.services[serviceName(s)].connectionDrains }),
  ],
  [
    /^\/services\/([^/]+)\/cache\/flush$/,
    (m, _b, [s]) => ({ service: s, flushes: ++m.services[serviceName(s)].cacheFlushes }),
  ],
  [
    /^\/services\/([^/]+)\/maintenance$/,
    (m, b, [s]) => {
      if (typeof b.enabled !== 'boolean') throw new HttpError(400, 'enabled must be true or false');
      m.services[serviceName(s)].maintenance = b.enabled;
      return { service: s, maintenance: b.enabled };
    },
  ],
  [
    /^\/deployments\/([^/]+)\/rollback$/,
    (m, _b, [s]) => {
      if (s !== m.deployment.service) throw new HttpError(404, `no deployment for ${s}`);
      const d = m.deployment;
      [d.version, d.previous] = [d.previous, d.version];
      return { service: s, version: d.version, previous: d.previous };
    },
  ],
  [
    /^\/deployments\/([^/]+)\/rollforward$/,
    (m, _b, [s]) => {
      if (s !== m.deployment.service) throw new HttpError(404, `no deployment for ${s}`);
      const d = m.deployment;
      [d.version, d.previous] = [d.previous, d.version];
      return { service: s, version: d.version, previous: d.previous };
    },
  ],
  [
    /^\/databases\/([^/]+)\/(failover|failback)$/,
    (m, _b, [cluster]) => {
      const db = m.database;
      if (cluster !== db.cluster) throw new HttpError(404, `unknown database cluster ${cluster}`);
      if (!db.up[db.replica]) throw new HttpError(409, `replica ${db.replica} is down: cannot promote it`);
      [db.primary, db.replica] = [db.replica, db.primary];
      db.failovers++;
      return { cluster, primary: db.primary, replica: db.replica };
    },
  ],
];

/** Starts the demo target on `port` (0 = any free port) on loopback. */
export async function startDemoTarget(opts: { port: number; host?: string; log?: (line: string) => void }) {
  let model = healthyModel();
  const keys = new Map<string, KeyRecord>();
  const effects: EffectRecord[] = [];
  /** Injected failures: path → remaining 500 answers (to exercise retries/compensation). */
  const failures = new Map<string, number>();
  const log = opts.log ?? (() => undefined);

  async function handle(req: IncomingMessage): Promise<Reply> {
    const path = new URL(req.url ?? '/', 'http://target').pathname;
    const method = req.method ?? 'GET';
    if (method === 'GET') {
      if (path === '/state' || path === '/') return { status: 200, body: snapshot(model, keys, effects) };
      const health = /^\/health\/([^/]+)$/.exec(path);
      if (health) {
        const h = serviceHealth(model, serviceName(health[1]));
        return { status: h.healthy ? 200 : 503, body: { status: h.healthy ? 'ok' : 'degraded', ...h } };
      }
      const dbHealth = /^\/databases\/([^/]+)\/health$/.exec(path);
      if (dbHealth && dbHealth[1] === model.database.cluster) {
        const ok = databaseHealthy(model);
        return { status: ok ? 200 : 503, body: { status: ok ? 'ok' : 'down', primary: model.database.primary } };
      }
      throw new HttpError(404, `no route GET ${path}`);
    }
    if (method !== 'POST') throw new HttpError(405, 'only GET and POST');
    const body = await readJson(req);
    if (path === '/admin/break') {
      const scenario = body.scenario as Scenario;
      if (!SCENARIOS.includes(scenario)) throw new HttpError(400, `scenario must be one of ${SCENARIOS.join(', ')}`);
      breakModel(model, scenario);
      log(`broke: ${scenario}`);
      return { status: 200, body: snapshot(model, keys, effects) };
    }
    if (path === '/admin/reset') {
      model = healthyModel();
      keys.clear();
      effects.length = 0;
      failures.clear();
      return { status: 200, body: snapshot(model, keys, effects) };
    }
    if (path === '/admin/fail') {
      const times = typeof body.times === 'number' ? body.times : 1;
      if (typeof body.path !== 'string') throw new HttpError(400, 'path is required');
      failures.set(body.path, times);
      return { status: 200, body: { path: body.path, times } };
    }
    const match = EFFECTS.map(([re, fn]) => [re.exec(path), fn] as const).find(([m]) => m);
    if (!match) throw new HttpError(404, `no route POST ${path}`);
    const [groups, effect] = match;
    const key = req.headers['idempotency-key'];
    const idemKey = typeof key === 'string' && key.length > 0 ? key : null;
    const seen = idemKey ? keys.get(idemKey) : undefined;
    if (seen) {
      seen.deliveries++;
      if (seen.route !== path) throw new HttpError(422, `Idempotency-Key already used for ${seen.route}`);
      return seen.reply;
    }
    const left = failures.get(path) ?? 0;
    if (left > 0) {
      failures.set(path, left - 1);
      throw new HttpError(500, `injected failure for ${path}`);
    }
    const reply: Reply = { status: 200, body: effect(model, body, groups!.slice(1)) };
    effects.push({ at: new Date().toISOString(), route: path, idempotencyKey: idemKey });
    if (idemKey) keys.set(idemKey, { route: path, reply, applied: 1, deliveries: 1 });
    log(`applied ${path}${idemKey ? ` (key ${idemKey})` : ''}`);
    return reply;
  }

  const server = createServer((req, res: ServerResponse) => {
    handle(req)
      .catch((e: unknown) =>
        e instanceof HttpError
          ? { status: e.status, body: { error: e.message } }
          : { status: 500, body: { error: String(e) } },
      )
      .then((r) => {
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(r.body));
      })
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const target: DemoTarget = {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    state: () => snapshot(model, keys, effects),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return target;
}
