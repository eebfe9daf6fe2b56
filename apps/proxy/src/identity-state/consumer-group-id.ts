import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export interface GroupIdParts {
  readonly host: string;
  readonly pid: number;
  /** A few random characters, so a restarted process with a reused pid never joins an old group. */
  readonly nonce: string;
}

const PREFIX = 'gatehouse-proxy-state';
const UNSAFE = /[^A-Za-z0-9._-]+/g;

/**
 * A consumer group of its own for one proxy process. Every proxy must see every identity event,
 * so the processes must not share a group (Kafka would split the partitions between them).
 * Kafka group ids allow any string, but broker logs and ACL patterns read better with a plain one.
 */
export function identityStateGroupId(parts: GroupIdParts = currentProcess()): string {
  const host = parts.host.replace(UNSAFE, '-').slice(0, 64) || 'host';
  return `${PREFIX}-${host}-${parts.pid}-${parts.nonce}`;
}

export function currentProcess(): GroupIdParts {
  return { host: hostname(), pid: process.pid, nonce: randomBytes(4).toString('hex') };
}
