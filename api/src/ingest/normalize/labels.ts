import { firstText } from './values';

// The label names teams actually use for these concepts, in order of preference.
const SERVICE_KEYS = ['service', 'service_name', 'app', 'application', 'app_kubernetes_io_name', 'job', 'component'];
const ENVIRONMENT_KEYS = ['environment', 'env', 'stage', 'tier', 'deployment_environment'];
const RESOURCE_KEYS = ['resource', 'instance', 'host', 'hostname', 'pod', 'node', 'device', 'container'];

function pick(labels: Record<string, string>, keys: readonly string[]): string | undefined {
  return firstText(...keys.map((k) => labels[k]));
}

/** Service, environment and resource from conventional label names (service/app/job, env, instance/host). */
export function conventionalFields(labels: Record<string, string>): {
  service?: string;
  environment?: string;
  resource?: string;
} {
  return {
    service: pick(labels, SERVICE_KEYS),
    environment: pick(labels, ENVIRONMENT_KEYS),
    resource: pick(labels, RESOURCE_KEYS),
  };
}
