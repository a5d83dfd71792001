import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** What `login` remembers: the API it logged in to and the session token. */
export interface StoredSession {
  url: string;
  token: string;
  email: string;
  expiresAt: string;
}

/** Writes the session readable by the owner only (0600; the directory 0700). */
export function saveSession(file: string, session: StoredSession): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // an existing file keeps its old mode on write
}

/** The stored session, or null when there is none or it is unreadable. */
export function readSession(file: string): StoredSession | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredSession>;
    if (typeof v.url === 'string' && typeof v.token === 'string') {
      return { url: v.url, token: v.token, email: v.email ?? '', expiresAt: v.expiresAt ?? '' };
    }
  } catch {
    // missing or corrupt: the caller asks the user to log in
  }
  return null;
}
