import type { PrismaClient } from '@hro/db';
import type { Role } from '@hro/domain';
import { hashPassword } from './auth/password';
import { hashToken, newPassword, newToken } from './auth/tokens';

/**
 * Creates a user when none has this email. A password is generated when none is given and
 * returned ONCE (the launcher prints it); an existing user is left untouched.
 */
export async function ensureUser(
  prisma: PrismaClient,
  opts: { email: string; role: Role; name: string; password?: string },
): Promise<{ created: boolean; email: string; password?: string }> {
  const email = opts.email.trim().toLowerCase();
  const existing = await prisma.user.findUnique({ where: { email } });
  if (existing) return { created: false, email };
  const password = opts.password ?? newPassword();
  await prisma.user.upsert({
    where: { email },
    create: { email, name: opts.name, role: opts.role, passwordHash: await hashPassword(password) },
    update: {},
  });
  return { created: true, email, ...(opts.password ? {} : { password }) };
}

/** Creates the first admin (see ensureUser). */
export function ensureAdmin(
  prisma: PrismaClient,
  opts: { email: string; password?: string; name?: string },
): Promise<{ created: boolean; email: string; password?: string }> {
  return ensureUser(prisma, { ...opts, role: 'admin', name: opts.name ?? 'Administrator' });
}

/**
 * Ensures an ingest integration (default name `<kind>-default`) exists. With `token`, that
 * token is made valid for it (creating or re-keying it). Without one, a token is generated
 * only when the integration is created, and returned ONCE; an existing one keeps its token.
 */
export async function ensureIngestToken(
  prisma: PrismaClient,
  opts: { kind: string; token?: string; name?: string },
): Promise<{ created: boolean; integrationId: string; name: string; token?: string }> {
  const name = opts.name ?? `${opts.kind}-default`;
  if (opts.token) {
    const tokenHash = hashToken(opts.token);
    const byToken = await prisma.integration.findUnique({ where: { tokenHash } });
    if (byToken) return { created: false, integrationId: byToken.id, name: byToken.name };
    const row = await prisma.integration.upsert({
      where: { name },
      create: { name, kind: opts.kind, tokenHash },
      update: { tokenHash, enabled: true },
    });
    return { created: true, integrationId: row.id, name };
  }
  const existing = await prisma.integration.findUnique({ where: { name } });
  if (existing) return { created: false, integrationId: existing.id, name };
  const token = newToken('hro_ing_');
  const row = await prisma.integration.create({ data: { name, kind: opts.kind, tokenHash: hashToken(token) } });
  return { created: true, integrationId: row.id, name, token };
}
