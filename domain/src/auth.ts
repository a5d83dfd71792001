import { z } from 'zod';

/** Roles are cumulative: each includes the powers of the ones before it. */
export const ROLES = ['viewer', 'responder', 'approver', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** True when `role` grants at least `needed`. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** The authenticated caller as the API and workflows see it. */
export interface Actor {
  userId: string;
  email: string;
  role: Role;
}
