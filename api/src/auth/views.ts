import type { Role } from '@hro/domain';

/** A user as the API shows it: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

/** `POST /api/v1/auth/login` answer; `token` also works as `Authorization: Bearer`. */
export interface LoginResponse {
  token: string;
  user: UserView;
  expiresAt: string;
}

/** Maps a User row to its public view. */
export function userView(u: {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  createdAt: Date;
}): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role as Role,
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
  };
}
