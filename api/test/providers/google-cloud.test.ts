import { googleCloudProvider } from '../../src/ingest/providers/google-cloud';
import { ctx, only, validationError } from './context';

// Shape from Google Cloud Monitoring's webhook notification documentation (schema 1.2).
function incident(patch: Record<string, unknown> = {}) {
  return {
    incident: {
      incident_id: '0.opqiw61fsv7p',
      scoping_project_id: 'shop-prod',
      scoping_project_number: 12345,
      url: 'https://console.cloud.google.com/monitoring/alerting/incidents/0.opqiw61fsv7p?project=shop-prod',
      severity: 'Critical',
      started_at: 1764756000,
      ended_at: null,
      state: 'open',
      summary: 'CPU utilization for checkout-vm is above the threshold of 0.9 with a value of 0.97.',
      apigee_url: 'https://apigee.google.com',
      observed_value: '0.970',
      resource: { type: 'gce_instance', labels: { instance_id: '11223344', zone: 'us-central1-a' } },
      resource_type_display_name: 'VM Instance',
      resource_id: '11223344',
      resource_display_name: 'checkout-vm',
      resource_name: 'projects/shop-prod/instances/checkout-vm',
      metric: {
        type: 'compute.googleapis.com/instance/cpu/utilization',
        displayName: 'CPU utilization',
        labels: { instance_name: 'checkout-vm' },
      },
      metadata: { system_labels: { name: 'checkout-vm' }, user_labels: { service: 'checkout' } },
      policy_name: 'High CPU',
      policy_user_labels: { environment: 'prod' },
      documentation: {
        content: 'Check the checkout runbook.',
        mime_type: 'text/markdown',
        subject: 'High CPU on checkout',
        links: [],
      },
      condition: { name: 'projects/shop-prod/alertPolicies/1/conditions/2', displayName: 'CPU > 90%' },
      condition_name: 'CPU > 90%',
      threshold_value: '0.9',
      ...patch,
    },
    version: '1.2',
  };
}

describe('google cloud provider', () => {
  it('normalizes an open incident', async () => {
    expect(only(await googleCloudProvider.normalize(incident(), ctx('google-cloud')))).toEqual({
      source: 'google-cloud',
      fingerprint: 'google-cloud:0.opqiw61fsv7p',
      status: 'firing',
      severity: 'critical',
      name: 'High CPU',
      summary: 'CPU utilization for checkout-vm is above the threshold of 0.9 with a value of 0.97.',
      description: 'Check the checkout runbook.',
      service: 'checkout',
      environment: 'prod',
      resource: 'projects/shop-prod/instances/checkout-vm',
      labels: {
        'resource.instance_id': '11223344',
        'resource.zone': 'us-central1-a',
        'metric.instance_name': 'checkout-vm',
        environment: 'prod',
        service: 'checkout',
        policy: 'High CPU',
        project: 'shop-prod',
        resource_type: 'gce_instance',
        metric_type: 'compute.googleapis.com/instance/cpu/utilization',
      },
      annotations: {
        condition: 'CPU > 90%',
        observed_value: '0.970',
        threshold_value: '0.9',
        documentation: 'Check the checkout runbook.',
      },
      startsAt: '2025-12-03T10:00:00.000Z',
      generatorUrl: 'https://console.cloud.google.com/monitoring/alerting/incidents/0.opqiw61fsv7p?project=shop-prod',
    });
  });

  it('closes the same incident at ended_at (seconds, also as a string)', async () => {
    const a = only(
      await googleCloudProvider.normalize(incident({ state: 'closed', ended_at: '1764756600' }), ctx('google-cloud')),
    );
    expect(a).toMatchObject({
      fingerprint: 'google-cloud:0.opqiw61fsv7p',
      status: 'resolved',
      endsAt: '2025-12-03T10:10:00.000Z',
    });
  });

  it.each([
    ['Critical', 'critical'],
    ['Error', 'high'],
    ['Warning', 'warning'],
    ['No severity', 'warning'],
    [undefined, 'warning'],
  ])('maps severity %p to %s', async (severity, canonical) => {
    expect(only(await googleCloudProvider.normalize(incident({ severity }), ctx('google-cloud'))).severity).toBe(
      canonical,
    );
  });

  it.each([
    [{ version: '1.2' }, 'incident'],
    [incident({ incident_id: '' }), 'incident.incident_id'],
    [incident({ state: 'acknowledged' }), 'incident.state'],
    [incident({ started_at: 'noon' }), 'incident.started_at'],
    [incident({ resource: 'vm' }), 'incident.resource'],
  ])('refuses malformed payload %#', async (body, field) => {
    const err = await validationError(() => googleCloudProvider.normalize(body, ctx('google-cloud')));
    expect(err.errors.map((e) => e.field)).toContain(field);
  });
});
