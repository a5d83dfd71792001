import { X509Certificate, verify } from 'node:crypto';
import { z } from 'zod';
import { IngestValidationError } from '../../provider';

// SNS signs from https://sns.<region>.amazonaws.com[.cn]/…pem; nothing else is trusted.
const SNS_HOST = /^sns\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com(\.cn)?$/;

export const snsEnvelopeSchema = z.looseObject({
  Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
  MessageId: z.string().min(1).max(256),
  TopicArn: z.string().min(1).max(1024),
  Subject: z.string().max(1024).nullish(),
  Message: z.string(),
  Timestamp: z.string().min(1).max(64),
  SignatureVersion: z.enum(['1', '2']),
  Signature: z.string().min(1).max(4096),
  SigningCertURL: z.string().min(1).max(2048),
  SubscribeURL: z.string().max(4096).optional(),
  Token: z.string().max(4096).optional(),
  UnsubscribeURL: z.string().max(4096).optional(),
});
export type SnsEnvelope = z.infer<typeof snsEnvelopeSchema>;

/** Fetches a PEM signing certificate; injectable because tests cannot reach AWS. */
export type CertificateFetcher = (url: string) => Promise<string>;

const NOTIFICATION_KEYS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const;
const CONFIRMATION_KEYS = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const;

/** The string SNS signs: "Key\nValue\n" for the type's keys in order, skipping an absent Subject. */
export function snsStringToSign(env: SnsEnvelope): string {
  const keys = env.Type === 'Notification' ? NOTIFICATION_KEYS : CONFIRMATION_KEYS;
  let out = '';
  for (const key of keys) {
    const value = env[key];
    if (value === undefined || value === null) continue;
    out += `${key}\n${value}\n`;
  }
  return out;
}

/** True for an https URL on an `sns.<region>.amazonaws.com` host (default port, no credentials). */
export function isSnsUrl(raw: string, pathSuffix?: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.port === '' &&
    url.username === '' &&
    url.password === '' &&
    SNS_HOST.test(url.hostname) &&
    (pathSuffix === undefined || url.pathname.endsWith(pathSuffix))
  );
}

function refused(field: string, message: string, status = 403): IngestValidationError {
  return new IngestValidationError([{ field, message }], status);
}

/**
 * Verifies an SNS message signature (SignatureVersion 1 = RSA-SHA1, 2 = RSA-SHA256) with the
 * certificate from SigningCertURL, which must be an SNS host; throws 403 when it does not hold.
 */
export async function verifySnsSignature(
  env: SnsEnvelope,
  fetchCertificate: CertificateFetcher,
  now: Date,
): Promise<void> {
  if (!isSnsUrl(env.SigningCertURL, '.pem')) {
    throw refused('SigningCertURL', 'must be an https://sns.<region>.amazonaws.com/….pem URL');
  }
  let pem: string;
  try {
    pem = await fetchCertificate(env.SigningCertURL);
  } catch (err) {
    // Upstream trouble, not bad input: 503 makes SNS retry instead of dropping the alarm.
    throw refused('SigningCertURL', `signing certificate unavailable: ${(err as Error).message}`, 503);
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw refused('SigningCertURL', 'the signing certificate is not a valid X.509 PEM');
  }
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) {
    throw refused('SigningCertURL', 'the signing certificate is expired or not yet valid');
  }
  const algorithm = env.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256';
  let ok: boolean;
  try {
    ok = verify(
      algorithm,
      Buffer.from(snsStringToSign(env), 'utf8'),
      cert.publicKey,
      Buffer.from(env.Signature, 'base64'),
    );
  } catch {
    ok = false;
  }
  if (!ok) throw refused('Signature', 'the SNS signature does not match the message');
}

/** Default certificate fetcher: HTTPS GET with a timeout and a size cap, cached per URL. */
export function createCertificateFetcher(options: { timeoutMs?: number } = {}): CertificateFetcher {
  const cache = new Map<string, string>();
  return async (url) => {
    const hit = cache.get(url);
    if (hit !== undefined) return hit;
    const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
    if (!res.ok) throw new Error(`HTTP ${res.status} from ${new URL(url).hostname}`);
    const pem = await res.text();
    if (pem.length > 65536) throw new Error('certificate too large');
    if (cache.size > 64) cache.clear();
    cache.set(url, pem);
    return pem;
  };
}
