import type { Role } from '@hro/domain';

// Same order as ROLES in @hro/domain/auth; that module also builds zod schemas, which the
// browser bundle does not need, so only its type is imported here.
const ORDER: readonly Role[] = ['viewer', 'responder', 'approver', 'admin'];

/** True when `role` grants at least `needed` (roles are cumulative). */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ORDER.indexOf(role) >= ORDER.indexOf(needed);
}
