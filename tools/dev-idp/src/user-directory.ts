import { createHash, timingSafeEqual } from 'node:crypto';
import type { DevIdpUser } from './seed/seed-schema';

export type LoginCheck =
  | { ok: true; user: DevIdpUser }
  | { ok: false; reason: 'unknown-user' | 'wrong-password' | 'disabled' };

// Hashing both sides first gives equal-length buffers, so the comparison time does not depend on the guess.
function samePassword(expected: string, given: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/** The seeded people, looked up the way the login form and the token endpoint need. */
export class UserDirectory {
  private readonly byEmail: ReadonlyMap<string, DevIdpUser>;
  private readonly bySub: ReadonlyMap<string, DevIdpUser>;

  constructor(readonly users: readonly DevIdpUser[]) {
    this.byEmail = new Map(users.map((user) => [user.email.toLowerCase(), user]));
    this.bySub = new Map(users.map((user) => [user.sub, user]));
  }

  findBySub(sub: string): DevIdpUser | undefined {
    return this.bySub.get(sub);
  }

  checkLogin(login: {
    username: string;
    password: string;
    disabledEmails: readonly string[];
  }): LoginCheck {
    const email = login.username.trim().toLowerCase();
    const user = this.byEmail.get(email);
    if (!user) return { ok: false, reason: 'unknown-user' };
    if (!samePassword(user.password, login.password))
      return { ok: false, reason: 'wrong-password' };
    if (login.disabledEmails.includes(email)) return { ok: false, reason: 'disabled' };
    return { ok: true, user };
  }
}
