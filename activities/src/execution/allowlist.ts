import { configError, policyViolation } from './errors';

/** Parses a step URL and requires its `host:port` to be on the HTTP allow-list. */
export function allowedUrl(raw: string, allowlist: string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError(`invalid URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw policyViolation(`unsupported scheme ${url.protocol}`);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const hostPort = `${url.hostname}:${port}`;
  if (!allowlist.includes(hostPort)) throw policyViolation(`host ${hostPort} is not on the HTTP allow-list`);
  return url;
}

/** Requires argv[0] to be exactly one of the operator's allow-listed executables. */
export function allowedExecutable(argv: string[], allowlist: string[]): string {
  const exe = argv[0];
  if (!exe) throw configError('empty argv');
  if (!allowlist.includes(exe)) throw policyViolation(`executable ${exe} is not on the command allow-list`);
  return exe;
}
