import { createHash, randomBytes } from 'node:crypto';

/** Hex sha256 of a secret token: what the database stores instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new opaque secret with a readable prefix (`hro_ses_`, `hro_ing_`), 256 bits of randomness. */
export function newToken(prefix: 'hro_ses_' | 'hro_ing_'): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** A human-typeable random password for generated admin accounts. */
export function newPassword(): string {
  return randomBytes(18).toString('base64url');
}
