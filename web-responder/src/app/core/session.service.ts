import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import type { Role } from '@hro/domain';
import { firstValueFrom } from 'rxjs';
import { roleAtLeast } from './roles';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

interface LoginResponse {
  token: string;
  user: SessionUser;
  expiresAt: string;
}

/** Who is signed in. The session itself is the API's httpOnly cookie; this only mirrors it. */
@Injectable({ providedIn: 'root' })
export class SessionService {
  private readonly http = inject(HttpClient);
  private readonly userState = signal<SessionUser | null>(null);
  private restored = false;

  readonly user = this.userState.asReadonly();
  readonly canPreview = computed(() => this.has('responder'));
  readonly canDecide = computed(() => this.has('approver'));

  /** True when the signed-in user's role grants at least `role`. */
  has(role: Role): boolean {
    const user = this.userState();
    return user !== null && roleAtLeast(user.role, role);
  }

  /** Asks the API who the cookie belongs to (once per page load). */
  async restore(): Promise<SessionUser | null> {
    if (this.restored) return this.userState();
    this.restored = true;
    try {
      const me = await firstValueFrom(this.http.get<{ user: SessionUser }>('/api/v1/auth/me'));
      this.userState.set(me.user);
    } catch {
      this.userState.set(null);
    }
    return this.userState();
  }

  /** Signs in; the API sets the session cookie. Throws ApiError on refusal. */
  async login(email: string, password: string): Promise<SessionUser> {
    const res = await firstValueFrom(this.http.post<LoginResponse>('/api/v1/auth/login', { email, password }));
    this.restored = true;
    this.userState.set(res.user);
    return res.user;
  }

  /** Ends the session on the server, then locally even if the server call fails. */
  async logout(): Promise<void> {
    try {
      await firstValueFrom(this.http.post('/api/v1/auth/logout', {}));
    } finally {
      this.userState.set(null);
    }
  }

  /** The API said 401: forget the user so the guard sends them to login. */
  expire(): void {
    this.userState.set(null);
  }
}
