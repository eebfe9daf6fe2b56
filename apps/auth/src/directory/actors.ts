import type { Actor } from '@gatehouse/contracts';

/** Gatehouse acting on its own (reuse detection, expiry sweeps); `job` names the job. */
export function systemActor(job: string): Actor {
  return { type: 'system', id: job, email: null };
}

/** A user acting on their own behalf (login, logout). */
export function userActor(user: { id: string; email: string | null }): Actor {
  return { type: 'user', id: user.id, email: user.email };
}
