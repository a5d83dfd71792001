import type { Provider } from '../provider';
import { alertmanagerProvider } from './alertmanager';
import { azureMonitorProvider } from './azure-monitor';
import { cloudwatchProvider } from './cloudwatch';
import { datadogProvider } from './datadog';
import { genericProvider } from './generic';
import { googleCloudProvider } from './google-cloud';
import { grafanaProvider } from './grafana';
import { mappingProvider } from './mapping';
import { pagerdutyProvider } from './pagerduty';

// One line per provider: the kind is also the URL segment and Integration.kind.
// prettier-ignore
const PROVIDERS: Provider[] = [
  alertmanagerProvider,
  genericProvider,
  grafanaProvider,
  pagerdutyProvider,
  datadogProvider,
  cloudwatchProvider,
  azureMonitorProvider,
  googleCloudProvider,
  mappingProvider,
];

const byKind = new Map(PROVIDERS.map((p) => [p.kind, p]));

/** The provider for an ingest kind, or undefined when none is registered. */
export function providerFor(kind: string): Provider | undefined {
  return byKind.get(kind);
}

/** All registered kinds, for validation and the integrations API. */
export function providerKinds(): string[] {
  return [...byKind.keys()];
}
