import { sign } from 'node:crypto';
import { createCloudwatchProvider } from '../../src/ingest/providers/cloudwatch';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createCertificateFetcher,
  snsStringToSign,
  type SnsEnvelope,
} from '../../src/ingest/providers/cloudwatch/sns-envelope';
import { selfSignedCertificate } from '../support/self-signed';
import { ctx, only, validationError } from './context';

// AWS is unreachable here, so the signing identity is our own: a real RSA key and a real
// self-signed X.509 certificate from openssl, served by the injected certificate fetcher.
const CERT_URL = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:hro-alarms';
const ALARM_ARN = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-5xx';
// Generated at load time: it.each tables below sign their envelopes while tests are collected.
const { keyPem, certPem } = selfSignedCertificate('/CN=sns.amazonaws.com');

// A CloudWatch alarm state change as published to SNS (AWS "Using Amazon SNS" docs).
function alarm(state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA', time = '2026-12-03T10:00:00.123+0000') {
  return {
    AlarmName: 'checkout-5xx',
    AlarmDescription: 'Checkout 5xx rate above 5%',
    AWSAccountId: '123456789012',
    AlarmConfigurationUpdatedTimestamp: '2026-11-01T08:00:00.000+0000',
    NewStateValue: state,
    NewStateReason: 'Threshold Crossed: 1 out of the last 1 datapoints [7.5] was greater than the threshold (5.0).',
    StateChangeTime: time,
    Region: 'US East (N. Virginia)',
    AlarmArn: ALARM_ARN,
    OldStateValue: state === 'OK' ? 'ALARM' : 'OK',
    OKActions: [],
    AlarmActions: [TOPIC],
    InsufficientDataActions: [],
    Trigger: {
      MetricName: 'HTTPCode_Target_5XX_Count',
      Namespace: 'AWS/ApplicationELB',
      StatisticType: 'Statistic',
      Statistic: 'SUM',
      Unit: null,
      Dimensions: [{ value: 'app/checkout/50dc6c495c0c9188', name: 'LoadBalancer' }],
      Period: 60,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 5.0,
      TreatMissingData: 'missing',
      EvaluateLowSampleCountPercentile: '',
    },
  };
}

function signed(
  fields: Omit<SnsEnvelope, 'Signature' | 'SignatureVersion' | 'SigningCertURL'>,
  version: '1' | '2' = '2',
  certUrl = CERT_URL,
): SnsEnvelope {
  const env = { ...fields, SignatureVersion: version, SigningCertURL: certUrl, Signature: '' } as SnsEnvelope;
  const algorithm = version === '1' ? 'RSA-SHA1' : 'RSA-SHA256';
  env.Signature = sign(algorithm, Buffer.from(snsStringToSign(env)), keyPem).toString('base64');
  return env;
}

// SNS envelopes must be recent (replay check), so they are stamped relative to the test's clock.
const NOW = new Date(Date.now());
const ago = (ms: number, from = NOW): string => new Date(from.getTime() - ms).toISOString();

function notification(message: unknown, version: '1' | '2' = '2', certUrl?: string, at = NOW): SnsEnvelope {
  return signed(
    {
      Type: 'Notification',
      MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
      TopicArn: TOPIC,
      Subject: 'ALARM: "checkout-5xx" in US East (N. Virginia)',
      Message: typeof message === 'string' ? message : JSON.stringify(message),
      Timestamp: ago(1000, at),
      UnsubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC}:abc`,
    },
    version,
    certUrl,
  );
}

function confirmation(type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation', subscribeUrl: string): SnsEnvelope {
  return signed({
    Type: type,
    MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
    Token:
      '2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736',
    TopicArn: TOPIC,
    Message: `You have chosen to subscribe to the topic ${TOPIC}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    SubscribeURL: subscribeUrl,
    Timestamp: ago(2000),
  });
}

const SUBSCRIBE_URL = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=2336412f37`;

function setup() {
  const fetched: string[] = [];
  const confirmed: string[] = [];
  const provider = createCloudwatchProvider({
    fetchCertificate: (url) => {
      fetched.push(url);
      return Promise.resolve(certPem);
    },
    confirmSubscription: (url) => {
      confirmed.push(url);
      return Promise.resolve();
    },
  });
  return { provider, fetched, confirmed };
}

const text = (env: SnsEnvelope) => JSON.stringify(env);

describe('cloudwatch (SNS) provider', () => {
  it.each(['1', '2'] as const)(
    'verifies SignatureVersion %s and normalizes the alarm from the text/plain body',
    async (version) => {
      const { provider, fetched } = setup();
      expect(provider.body).toBe('text');
      const alert = only(
        await provider.normalize(
          text(notification(alarm('ALARM'), version)),
          ctx('cloudwatch', { environment: 'prod' }, NOW),
        ),
      );
      expect(fetched).toEqual([CERT_URL]);
      expect(alert).toEqual({
        source: 'cloudwatch',
        fingerprint: `cloudwatch:${ALARM_ARN}`,
        status: 'firing',
        severity: 'high',
        name: 'checkout-5xx',
        summary: 'Checkout 5xx rate above 5%',
        description: 'Threshold Crossed: 1 out of the last 1 datapoints [7.5] was greater than the threshold (5.0).',
        service: 'AWS/ApplicationELB',
        environment: 'prod',
        resource: 'app/checkout/50dc6c495c0c9188',
        labels: {
          alarm_name: 'checkout-5xx',
          account: '123456789012',
          region: 'us-east-1',
          namespace: 'AWS/ApplicationELB',
          metric: 'HTTPCode_Target_5XX_Count',
          'dimension.LoadBalancer': 'app/checkout/50dc6c495c0c9188',
        },
        annotations: { old_state: 'OK', threshold: 'GreaterThanThreshold 5' },
        startsAt: '2026-12-03T10:00:00.123Z',
        generatorUrl: 'https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/checkout-5xx',
      });
    },
  );

  it('OK resolves the same alarm; INSUFFICIENT_DATA fires as a warning; severity and service are configurable', async () => {
    const { provider } = setup();
    const config = { alarmSeverity: 'critical', service: 'checkout' };
    const ok = only(
      await provider.normalize(
        text(notification(alarm('OK', '2026-12-03T10:05:00.000+0000'))),
        ctx('cloudwatch', config, NOW),
      ),
    );
    expect(ok).toMatchObject({
      status: 'resolved',
      fingerprint: `cloudwatch:${ALARM_ARN}`,
      endsAt: '2026-12-03T10:05:00.000Z',
      service: 'checkout',
    });
    expect(ok.severity).toBeUndefined();
    expect(ok.startsAt).toBeUndefined();
    const nodata = only(
      await provider.normalize(text(notification(alarm('INSUFFICIENT_DATA'))), ctx('cloudwatch', config, NOW)),
    );
    expect(nodata).toMatchObject({ status: 'firing', severity: 'warning' });
    const fired = only(await provider.normalize(text(notification(alarm('ALARM'))), ctx('cloudwatch', config, NOW)));
    expect(fired.severity).toBe('critical');
  });

  it('refuses a tampered message, a foreign certificate host and an expired certificate', async () => {
    const { provider, fetched } = setup();
    const tampered = { ...notification(alarm('ALARM')), Message: JSON.stringify(alarm('OK')) };
    const e1 = await validationError(() => provider.normalize(text(tampered), ctx('cloudwatch', {}, NOW)));
    expect([e1.status, e1.errors[0]?.field]).toEqual([403, 'Signature']);
    for (const url of [
      'https://sns.us-east-1.amazonaws.com.evil.example/cert.pem',
      'http://sns.us-east-1.amazonaws.com/cert.pem',
      'https://sns.us-east-1.amazonaws.com:8443/cert.pem',
      'https://user@sns.us-east-1.amazonaws.com/cert.pem',
      'https://evil.example/sns.us-east-1.amazonaws.com.pem',
    ]) {
      fetched.length = 0;
      const e = await validationError(() =>
        provider.normalize(text(notification(alarm('ALARM'), '2', url)), ctx('cloudwatch', {}, NOW)),
      );
      expect([e.status, e.errors[0]?.field]).toEqual([403, 'SigningCertURL']);
      expect(fetched).toEqual([]);
    }
    const later = new Date(NOW.getTime() + 5 * 86_400_000);
    const e3 = await validationError(() =>
      provider.normalize(text(notification(alarm('ALARM'), '2', undefined, later)), ctx('cloudwatch', {}, later)),
    );
    expect(e3.errors[0]).toEqual({
      field: 'SigningCertURL',
      message: 'the signing certificate is expired or not yet valid',
    });
  });

  it('refuses a replayed (old), future-dated or unparsable Timestamp before any certificate fetch', async () => {
    const { provider, fetched } = setup();
    const replay = { ...notification(alarm('ALARM')), Timestamp: ago(3601_000) };
    const e1 = await validationError(() => provider.normalize(text(replay), ctx('cloudwatch', {}, NOW)));
    expect([e1.status, e1.errors[0]?.field]).toEqual([400, 'Timestamp']);
    expect(e1.errors[0]?.message).toMatch(/3601 s old, more than 3600 s/);
    // A correctly signed old message is still a replay.
    const signedOld = notification(alarm('ALARM'), '2', undefined, new Date(NOW.getTime() - 7_200_000));
    const e2 = await validationError(() => provider.normalize(text(signedOld), ctx('cloudwatch', {}, NOW)));
    expect(e2.errors[0]?.field).toBe('Timestamp');
    const future = { ...notification(alarm('ALARM')), Timestamp: ago(-600_000) };
    const e3 = await validationError(() => provider.normalize(text(future), ctx('cloudwatch', {}, NOW)));
    expect(e3.errors[0]).toEqual({ field: 'Timestamp', message: 'is more than 5 minutes in the future' });
    const garbage = { ...notification(alarm('ALARM')), Timestamp: 'yesterday' };
    const e4 = await validationError(() => provider.normalize(text(garbage), ctx('cloudwatch', {}, NOW)));
    expect(e4.errors[0]).toEqual({ field: 'Timestamp', message: 'must be an ISO 8601 time' });
    expect(fetched).toEqual([]);
    // The window is configurable (SNS keeps the original Timestamp on its retries).
    const lenient = { maxMessageAgeSeconds: 3 * 3600 };
    expect(only(await provider.normalize(text(signedOld), ctx('cloudwatch', lenient, NOW))).status).toBe('firing');
    // A message just inside the hour passes.
    const recent = notification(alarm('ALARM'), '2', undefined, new Date(NOW.getTime() - 3_500_000));
    expect(only(await provider.normalize(text(recent), ctx('cloudwatch', {}, NOW))).status).toBe('firing');
  });

  it('answers 503 (SNS retries) when the certificate cannot be fetched', async () => {
    const provider = createCloudwatchProvider({
      fetchCertificate: () => Promise.reject(new Error('getaddrinfo ENOTFOUND')),
      confirmSubscription: () => Promise.resolve(),
    });
    const e = await validationError(() =>
      provider.normalize(text(notification(alarm('ALARM'))), ctx('cloudwatch', {}, NOW)),
    );
    expect([e.status, e.errors[0]?.field]).toEqual([503, 'SigningCertURL']);
  });

  it('never confirms a subscription unless the integration opted in for that topic', async () => {
    const { provider, confirmed } = setup();
    const body = text(confirmation('SubscriptionConfirmation', SUBSCRIBE_URL));
    for (const config of [{}, { confirmSubscriptions: true }, { confirmSubscriptions: false, topicArns: [TOPIC] }]) {
      const e = await validationError(() => provider.normalize(body, ctx('cloudwatch', config, NOW)));
      expect([e.status, e.errors[0]?.field]).toEqual([403, 'SubscribeURL']);
    }
    expect(confirmed).toEqual([]);
    const optedIn = { confirmSubscriptions: true, topicArns: [TOPIC] };
    const batch = await provider.normalize(body, ctx('cloudwatch', optedIn, NOW));
    expect(batch).toEqual({ alerts: [], status: 200, reply: { confirmed: true, topicArn: TOPIC } });
    expect(confirmed).toEqual([SUBSCRIBE_URL]);
  });

  it('refuses a signed confirmation whose SubscribeURL is not an SNS confirmation', async () => {
    const { provider, confirmed } = setup();
    const optedIn = { confirmSubscriptions: true, topicArns: [TOPIC] };
    for (const url of [
      'https://evil.example/?Action=ConfirmSubscription',
      'https://sns.us-east-1.amazonaws.com/?Action=Publish',
    ]) {
      const e = await validationError(() =>
        provider.normalize(text(confirmation('SubscriptionConfirmation', url)), ctx('cloudwatch', optedIn, NOW)),
      );
      expect(e.errors[0]?.field).toBe('SubscribeURL');
    }
    expect(confirmed).toEqual([]);
  });

  it('accepts an UnsubscribeConfirmation without creating alerts', async () => {
    const { provider } = setup();
    const body = text(confirmation('UnsubscribeConfirmation', SUBSCRIBE_URL));
    expect(await provider.normalize(body, ctx('cloudwatch', {}, NOW))).toEqual({ alerts: [], status: 200 });
  });

  it('raw message delivery only with verifySignature: false', async () => {
    const { provider } = setup();
    const e = await validationError(() =>
      provider.normalize(JSON.stringify(alarm('ALARM')), ctx('cloudwatch', {}, NOW)),
    );
    expect(e.errors[0]?.field).toBe('Type');
    const raw = only(
      await provider.normalize(JSON.stringify(alarm('ALARM')), ctx('cloudwatch', { verifySignature: false }, NOW)),
    );
    expect(raw.fingerprint).toBe(`cloudwatch:${ALARM_ARN}`);
  });

  it.each([
    ['{"Type":', {}, '(body)'],
    [text(notification('not json')), {}, 'Message'],
    [
      text(notification({ source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' })),
      {},
      'Message.AlarmName',
    ],
    [text(notification({ ...alarm('ALARM'), StateChangeTime: 'never' })), {}, 'Message.StateChangeTime'],
    [JSON.stringify({ ...notification(alarm('ALARM')), SignatureVersion: '3' }), {}, 'SignatureVersion'],
    [text(notification(alarm('ALARM'))), { topicArns: ['arn:aws:sns:us-east-1:1:other'] }, 'TopicArn'],
    [text(notification(alarm('ALARM'))), { alarmSeverity: 'meh' }, 'integration.config.alarmSeverity'],
  ])('refuses malformed input %#', async (body, config, field) => {
    const { provider } = setup();
    const e = await validationError(() => provider.normalize(body, ctx('cloudwatch', config, NOW)));
    expect(e.errors.map((x) => x.field)).toContain(field);
    expect(e.status).toBeLessThan(500);
  });

  it('the default certificate fetcher caches per URL and refuses a failed download', async () => {
    let hits = 0;
    const server = createServer((req, res) => {
      hits++;
      res.statusCode = req.url === '/cert.pem' ? 200 : 404;
      res.end(req.url === '/cert.pem' ? certPem : 'no');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const fetchCertificate = createCertificateFetcher({ timeoutMs: 2000 });
      expect(await fetchCertificate(`${base}/cert.pem`)).toBe(certPem);
      expect(await fetchCertificate(`${base}/cert.pem`)).toBe(certPem);
      expect(hits).toBe(1);
      await expect(fetchCertificate(`${base}/missing.pem`)).rejects.toThrow('HTTP 404');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
