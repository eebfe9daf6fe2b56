import { CliError, CliErrorCode } from '../cli-error';
import type { CliIo } from '../cli-io';
import type { CredentialContext } from '../credentials/credential-context';
import { decodeJwtPayloadUnverified } from '../credentials/jwt-claims';
import type { StoredCredentials } from '../credentials/stored-credentials';

/** `gatehouse whoami`: who the stored token says you are, read without verifying it. */
export async function runWhoami(io: CliIo, context: CredentialContext): Promise<void> {
  const stored = await context.store.load();
  if (stored === undefined)
    throw new CliError(CliErrorCode.NOT_LOGGED_IN, 'not logged in; run `gatehouse login`.');
  for (const line of describeIdentity(stored, io.now())) io.out(line);
}

export function describeIdentity(stored: StoredCredentials, now: number): string[] {
  const claims = decodeJwtPayloadUnverified(stored.accessToken) ?? {};
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value !== '' ? value : undefined;
  const list = (value: unknown): string =>
    Array.isArray(value) && value.length > 0
      ? value.filter((item) => typeof item === 'string').join(', ')
      : '(none)';
  const org = text(claims.org);
  const team = text(claims.team);
  const rows: [string, string | undefined][] = [
    ['Gateway', stored.gatewayUrl],
    ['Auth server', stored.authUrl],
    ['Email', text(claims.email) ?? stored.email],
    ['Name', text(claims.name)],
    ['User id', text(claims.sub)],
    [
      'Org / team',
      org === undefined && team === undefined ? undefined : `${org ?? '-'} / ${team ?? '-'}`,
    ],
    ['Roles', list(claims.roles)],
    ['Groups', list(claims.groups)],
    ['Session', text(claims.sid)],
    ['Token expires', describeExpiry(stored.expiresAt, now)],
    [
      'Refresh',
      stored.refreshToken === undefined
        ? 'none: run `gatehouse login` when the token expires'
        : 'automatic (`gatehouse token`)',
    ],
  ];
  return [
    ...rows
      .filter((row): row is [string, string] => row[1] !== undefined)
      .map(([label, value]) => `${`${label}:`.padEnd(15)}${value}`),
    '(Read from your access token without verifying it; the gateway verifies it on every request.)',
  ];
}

function describeExpiry(expiresAt: number, now: number): string {
  const at = new Date(expiresAt).toISOString();
  const seconds = Math.round((expiresAt - now) / 1000);
  if (seconds <= 0) return `${at} (expired; \`gatehouse token\` refreshes it)`;
  return seconds < 120 ? `${at} (in ${seconds} s)` : `${at} (in ${Math.round(seconds / 60)} min)`;
}
