import { azureMonitorProvider } from '../../src/ingest/providers/azure-monitor';
import { ctx, only, validationError } from './context';

// Shape from Microsoft's "Common alert schema" documentation (metric alert sample).
const ALERT_ID =
  '/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.AlertsManagement/alerts/b9569717-bc32-442f-add5-83a997729330';
const TARGET =
  '/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/pipelinealertrg/providers/microsoft.compute/virtualmachines/wcus-r2-gen2';
function alert(
  essentials: Record<string, unknown> = {},
  customProperties: unknown = { service: 'checkout', environment: 'prod' },
) {
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: {
        alertId: ALERT_ID,
        alertRule: 'WCUS-R2-Gen2',
        severity: 'Sev1',
        signalType: 'Metric',
        monitorCondition: 'Fired',
        monitoringService: 'Platform',
        alertTargetIDs: [TARGET],
        configurationItems: ['wcus-r2-gen2'],
        originAlertId:
          '3f2d4487-b0fc-4125-8bd5-7ad17384221e_PipeLineAlertRG_microsoft.insights_metricAlerts_WCUS-R2-Gen2_-117781227',
        firedDateTime: '2019-03-22T13:58:24.3713213Z',
        description: 'CPU above 90%',
        essentialsVersion: '1.0',
        alertContextVersion: '1.0',
        ...essentials,
      },
      alertContext: {
        condition: {
          windowSize: 'PT5M',
          allOf: [{ metricName: 'Percentage CPU', threshold: '90', metricValue: 97.5 }],
        },
      },
      customProperties,
    },
  };
}

describe('azure monitor provider', () => {
  it('normalizes a fired alert', async () => {
    expect(only(await azureMonitorProvider.normalize(alert(), ctx('azure-monitor')))).toEqual({
      source: 'azure-monitor',
      fingerprint: `azure-monitor:${ALERT_ID.toLowerCase()}`,
      status: 'firing',
      severity: 'high',
      name: 'WCUS-R2-Gen2',
      summary: 'CPU above 90%',
      description: 'CPU above 90%',
      service: 'checkout',
      environment: 'prod',
      resource: TARGET,
      labels: {
        alert_rule: 'WCUS-R2-Gen2',
        subscription: '11111111-2222-3333-4444-555555555555',
        resource_group: 'pipelinealertrg',
        service: 'checkout',
        environment: 'prod',
        signal_type: 'Metric',
        monitoring_service: 'Platform',
      },
      annotations: {
        configuration_items: 'wcus-r2-gen2',
        origin_alert_id:
          '3f2d4487-b0fc-4125-8bd5-7ad17384221e_PipeLineAlertRG_microsoft.insights_metricAlerts_WCUS-R2-Gen2_-117781227',
        alert_context: JSON.stringify(alert().data.alertContext),
      },
      startsAt: '2019-03-22T13:58:24.371Z',
    });
  });

  it('resolves the same alertId with resolvedDateTime', async () => {
    const a = only(
      await azureMonitorProvider.normalize(
        alert({ monitorCondition: 'Resolved', resolvedDateTime: '2019-03-22T14:03:16.2246313Z' }, null),
        ctx('azure-monitor'),
      ),
    );
    expect(a).toMatchObject({
      status: 'resolved',
      endsAt: '2019-03-22T14:03:16.224Z',
      fingerprint: `azure-monitor:${ALERT_ID.toLowerCase()}`,
    });
    expect(a.service).toBe('wcus-r2-gen2');
    expect(a.environment).toBeUndefined();
  });

  it.each([
    ['Sev0', 'critical'],
    ['Sev1', 'high'],
    ['Sev2', 'warning'],
    ['Sev3', 'info'],
    ['Sev4', 'info'],
  ])('maps %s to %s', async (sev, canonical) => {
    expect(only(await azureMonitorProvider.normalize(alert({ severity: sev }), ctx('azure-monitor'))).severity).toBe(
      canonical,
    );
  });

  it.each([
    [{ ...alert(), schemaId: 'Microsoft.Insights/activityLogs' }, 'schemaId'],
    [alert({ severity: 'Sev9' }), 'data.essentials.severity'],
    [alert({ monitorCondition: 'Active' }), 'data.essentials.monitorCondition'],
    [alert({ alertId: undefined }), 'data.essentials.alertId'],
    [alert({ firedDateTime: '22/03/2019' }), 'data.essentials.firedDateTime'],
  ])('refuses malformed payload %#', async (body, field) => {
    const err = await validationError(() => azureMonitorProvider.normalize(body, ctx('azure-monitor')));
    expect(err.errors.map((e) => e.field)).toContain(field);
  });
});
