import { z } from 'zod';
import { CliError, CliErrorCode } from '../cli-error';
import {
  describeAnswer,
  oauthErrorCode,
  postForm,
  type OAuthAnswer,
  type OAuthTransport,
} from './oauth-transport';
import { parseTokenResponse, type TokenSet } from './token-response';

export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

const deviceAuthorizationSchema = z.object({
  device_code: z.string().min(1),
  user_code: z.string().min(1),
  verification_uri: z.string().min(1),
  verification_uri_complete: z.string().min(1).optional(),
  expires_in: z.number().positive(),
  interval: z.number().nonnegative().optional(),
  login_notice: z.string().max(500).optional(),
});

export type DeviceAuthorization = z.infer<typeof deviceAuthorizationSchema>;

/** RFC 8628 §3.1: starts a device authorization. `surface` names this client, as Claude Code does. */
export async function requestDeviceAuthorization(
  transport: OAuthTransport,
  endpoint: string,
): Promise<DeviceAuthorization> {
  const answer = await postForm(transport, endpoint, { surface: 'gatehouse_cli' });
  const parsed = deviceAuthorizationSchema.safeParse(answer.body);
  if (answer.status !== 200 || !parsed.success) {
    throw new CliError(
      CliErrorCode.PROTOCOL_ERROR,
      `the device authorization endpoint answered ${describeAnswer(answer)}`,
    );
  }
  return parsed.data;
}

/** What one poll of the token endpoint means for the device flow (RFC 8628 §3.5). */
export type PollOutcome =
  | { kind: 'approved'; tokens: TokenSet }
  | { kind: 'pending' }
  | { kind: 'slow_down' }
  | { kind: 'denied' }
  | { kind: 'expired' };

export function interpretPoll(answer: OAuthAnswer, issuedAt: number): PollOutcome {
  if (answer.status === 200)
    return { kind: 'approved', tokens: parseTokenResponse(answer, issuedAt) };
  switch (oauthErrorCode(answer)) {
    case 'authorization_pending':
      return { kind: 'pending' };
    case 'slow_down':
      return { kind: 'slow_down' };
    case 'access_denied':
      return { kind: 'denied' };
    case 'expired_token':
      return { kind: 'expired' };
    default:
      // The gateway protocol allows a bare 429 to mean slow_down.
      if (answer.status === 429) return { kind: 'slow_down' };
      throw new CliError(
        CliErrorCode.PROTOCOL_ERROR,
        `the token endpoint answered ${describeAnswer(answer)} while waiting for approval`,
      );
  }
}

export interface DevicePollOptions {
  transport: OAuthTransport;
  tokenEndpoint: string;
  authorization: DeviceAuthorization;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

const DEFAULT_INTERVAL_SECONDS = 5;
const SLOW_DOWN_STEP_SECONDS = 5;

/**
 * Polls the token endpoint until the code is approved, denied or expired: every `interval`
 * seconds (5 when absent), 5 s more after each `slow_down` (RFC 8628 §3.5), and backing off the
 * same way when the server cannot be reached, since §3.5 asks clients not to hammer it.
 */
export async function pollForDeviceToken(options: DevicePollOptions): Promise<TokenSet> {
  const { authorization, now } = options;
  const deadline = now() + authorization.expires_in * 1000;
  let intervalSeconds = authorization.interval ?? DEFAULT_INTERVAL_SECONDS;
  for (;;) {
    await options.sleep(intervalSeconds * 1000);
    if (now() >= deadline) throw expired();
    let outcome: PollOutcome;
    try {
      const answer = await postForm(options.transport, options.tokenEndpoint, {
        grant_type: DEVICE_CODE_GRANT_TYPE,
        device_code: authorization.device_code,
      });
      outcome = interpretPoll(answer, now());
    } catch (error) {
      if (!(error instanceof CliError) || error.code !== CliErrorCode.UNREACHABLE) throw error;
      outcome = { kind: 'slow_down' };
    }
    switch (outcome.kind) {
      case 'approved':
        return outcome.tokens;
      case 'pending':
        break;
      case 'slow_down':
        intervalSeconds += SLOW_DOWN_STEP_SECONDS;
        break;
      case 'denied':
        throw new CliError(CliErrorCode.ACCESS_DENIED, 'the sign-in was denied.');
      case 'expired':
        throw expired();
    }
  }
}

function expired(): CliError {
  return new CliError(
    CliErrorCode.LOGIN_EXPIRED,
    'the code expired before it was approved; run `gatehouse login` again.',
  );
}
