/** The demo shop the runbooks act on: two services, a deployment, a database pair. */
export interface ServiceModel {
  replicas: number;
  /** Replicas before the last scale, for the scale compensation. */
  previousReplicas: number | null;
  restarts: number;
  connectionDrains: number;
  cacheFlushes: number;
  /** A leak that only a restart clears. */
  leaking: boolean;
  maintenance: boolean;
}

export interface TargetModel {
  services: Record<ServiceName, ServiceModel>;
  deployment: { service: 'checkout'; version: string; previous: string; badVersions: string[] };
  database: { cluster: string; primary: string; replica: string; up: Record<string, boolean>; failovers: number };
  /** Offered load in replica-units: latency climbs when it exceeds the api's replicas. */
  load: number;
}

export const SERVICES = ['api', 'checkout'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Ways to break the shop, each repaired by one of the shipped runbooks. */
export const SCENARIOS = ['db-primary-down', 'bad-deploy', 'memory-leak', 'traffic-spike'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Observed health of one service, derived from the model (what monitoring would see). */
export interface ServiceHealth {
  healthy: boolean;
  latencyMs: number;
  errorRate: number;
  reasons: string[];
}

function service(replicas: number): ServiceModel {
  return {
    replicas,
    previousReplicas: null,
    restarts: 0,
    connectionDrains: 0,
    cacheFlushes: 0,
    leaking: false,
    maintenance: false,
  };
}

/** A healthy shop. */
export function healthyModel(): TargetModel {
  return {
    services: { api: service(2), checkout: service(2) },
    deployment: { service: 'checkout', version: 'v2.14.0', previous: 'v2.13.4', badVersions: [] },
    database: {
      cluster: 'orders-db',
      primary: 'orders-db-a',
      replica: 'orders-db-b',
      up: { 'orders-db-a': true, 'orders-db-b': true },
      failovers: 0,
    },
    load: 1,
  };
}

/** Applies a failure scenario in place. */
export function breakModel(m: TargetModel, scenario: Scenario): void {
  switch (scenario) {
    case 'db-primary-down':
      m.database.up[m.database.primary] = false;
      break;
    case 'bad-deploy':
      m.deployment.previous = m.deployment.version;
      m.deployment.version = 'v2.15.0';
      m.deployment.badVersions.push('v2.15.0');
      break;
    case 'memory-leak':
      m.services.api.leaking = true;
      break;
    case 'traffic-spike':
      m.load = 5;
      break;
  }
}

/** True when the database primary accepts writes. */
export function databaseHealthy(m: TargetModel): boolean {
  return m.database.up[m.database.primary] === true;
}

/** What monitoring sees for one service; causes cascade from the database outward. */
export function serviceHealth(m: TargetModel, name: ServiceName): ServiceHealth {
  const reasons: string[] = [];
  let latencyMs = 80;
  let errorRate = 0.002;
  const dbOk = databaseHealthy(m);
  if (!dbOk) {
    reasons.push(`database primary ${m.database.primary} is down`);
    latencyMs += name === 'api' ? 2400 : 900;
    errorRate += name === 'checkout' ? 0.35 : 0.05;
  }
  if (name === 'api' && m.load > m.services.api.replicas) {
    reasons.push(`load ${m.load} exceeds ${m.services.api.replicas} replicas`);
    latencyMs += 600 * (m.load - m.services.api.replicas);
  }
  if (name === 'api' && m.services.api.leaking) {
    reasons.push('memory leak: heap near limit');
    latencyMs += 1200;
    errorRate += 0.08;
  }
  if (name === 'checkout' && m.deployment.badVersions.includes(m.deployment.version)) {
    reasons.push(`deployment ${m.deployment.version} is faulty`);
    errorRate += 0.25;
  }
  if (m.services[name].maintenance) reasons.push('in maintenance mode');
  const healthy = latencyMs < 1000 && errorRate < 0.05;
  return { healthy, latencyMs, errorRate: Math.round(errorRate * 1000) / 1000, reasons };
}

/** True when every service and the database are healthy. */
export function allHealthy(m: TargetModel): boolean {
  return databaseHealthy(m) && SERVICES.every((s) => serviceHealth(m, s).healthy);
}
