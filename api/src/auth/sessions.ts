import type { PrismaClient } from '@hro/db';
import { roleSchema, type Actor } from '@hro/domain';
import { hashToken, newToken } from './tokens';

export const SESSION_COOKIE = 'hro_session';
// lastUsedAt is informational; writing it on every request would double the load.
const TOUCH_AFTER_MS = 60_000;

/** Session storage: opaque tokens out, sha256 hashes in the database. */
export class SessionService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly ttlMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Starts a session for a user; the token is returned once and never stored. */
  async create(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = newToken('hro_ses_');
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    // Housekeeping on the way: the user's expired sessions are dead rows.
    await this.prisma.session.deleteMany({ where: { userId, expiresAt: { lte: now } } });
    await this.prisma.session.create({ data: { tokenHash: hashToken(token), userId, expiresAt } });
    return { token, expiresAt };
  }

  /** The actor behind a token, or null when unknown, expired or the user is disabled. */
  async resolve(token: string): Promise<Actor | null> {
    const session = await this.prisma.session.findUnique({
      where: { tokenHash: hashToken(token) },
      include: { user: true },
    });
    const now = this.now();
    if (!session || session.expiresAt <= now || session.user.disabled) return null;
    const role = roleSchema.safeParse(session.user.role);
    if (!role.success) return null;
    if (now.getTime() - session.lastUsedAt.getTime() > TOUCH_AFTER_MS) {
      await this.prisma.session.update({ where: { id: session.id }, data: { lastUsedAt: now } });
    }
    return { userId: session.user.id, email: session.user.email, role: role.data };
  }

  /** Ends the session behind a token (no-op when unknown). */
  async revoke(token: string): Promise<void> {
    await this.prisma.session.deleteMany({ where: { tokenHash: hashToken(token) } });
  }

  /** Ends every session of a user (disabled, role or password changed). */
  async revokeAll(userId: string): Promise<void> {
    await this.prisma.session.deleteMany({ where: { userId } });
  }
}
