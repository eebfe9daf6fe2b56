import type { TokenErrorCode } from '../oauth/token-grant';
import type { DeviceAuthorizationStatus } from './device-authorization.entity';

/** The fields of a device request the exchange rules read. */
export interface DeviceRequestState {
  status: DeviceAuthorizationStatus;
  expiresAt: Date;
  lastPolledAt: Date | null;
  intervalSeconds: number;
}

export interface ExchangeRefusal {
  kind: 'refuse';
  error: TokenErrorCode;
  description: string;
  /** Poll bookkeeping to store, when the request is still pending. */
  update?: { lastPolledAt: Date; intervalSeconds: number };
}

export type ExchangeDecision = { kind: 'issue' } | ExchangeRefusal;

/** RFC 8628 §3.5: each slow_down adds 5 s to the interval; capped so a broken client stays bounded. */
export const SLOW_DOWN_STEP_SECONDS = 5;
export const MAX_INTERVAL_SECONDS = 60;
/** Network jitter: a poll this much early still counts as on time. */
const POLL_TOLERANCE_MS = 500;

/**
 * What a token request with this device code gets (RFC 8628 §3.5). Pure, so the rules are
 * tested with an injected clock; the store applies the decision under a row lock.
 */
export function decideExchange(
  request: DeviceRequestState | undefined,
  now: Date,
): ExchangeDecision {
  if (request === undefined) {
    return refuse('invalid_grant', 'The device code is not one this server issued.');
  }
  if (request.status === 'consumed') {
    return refuse('invalid_grant', 'The device code was already exchanged; start the sign-in again.');
  }
  if (request.expiresAt.getTime() <= now.getTime()) {
    return refuse('expired_token', 'The device code expired; start the sign-in again.');
  }
  if (request.status === 'denied') {
    return refuse('access_denied', 'The sign-in was denied.');
  }
  if (request.status === 'approved') return { kind: 'issue' };

  const sinceLastPoll =
    request.lastPolledAt === null ? Infinity : now.getTime() - request.lastPolledAt.getTime();
  if (sinceLastPoll + POLL_TOLERANCE_MS < request.intervalSeconds * 1000) {
    const intervalSeconds = Math.min(
      request.intervalSeconds + SLOW_DOWN_STEP_SECONDS,
      MAX_INTERVAL_SECONDS,
    );
    return {
      ...refuse('slow_down', `Polling too fast; wait ${intervalSeconds} s between requests.`),
      update: { lastPolledAt: now, intervalSeconds },
    };
  }
  return {
    ...refuse('authorization_pending', 'The user has not finished signing in yet.'),
    update: { lastPolledAt: now, intervalSeconds: request.intervalSeconds },
  };
}

function refuse(error: TokenErrorCode, description: string): ExchangeRefusal {
  return { kind: 'refuse', error, description };
}
