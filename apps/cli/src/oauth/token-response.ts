import { z } from 'zod';
import { CliError, CliErrorCode } from '../cli-error';
import { describeAnswer, type OAuthAnswer } from './oauth-transport';

/** RFC 6749 §5.1 successful token response, plus the gateway protocol's `email` extension. */
const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z
    .string()
    .refine((type) => type.toLowerCase() === 'bearer', 'token_type must be Bearer'),
  expires_in: z.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  email: z.string().optional(),
});

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  email?: string;
}

/** Without `expires_in` the token is treated as short-lived, so the CLI refreshes early rather than late. */
const DEFAULT_LIFETIME_SECONDS = 300;

export function parseTokenResponse(answer: OAuthAnswer, issuedAt: number): TokenSet {
  const parsed = tokenResponseSchema.safeParse(answer.body);
  if (answer.status !== 200 || !parsed.success) {
    throw new CliError(
      CliErrorCode.PROTOCOL_ERROR,
      `the token endpoint answered ${describeAnswer(answer)} without a usable token`,
    );
  }
  const body = parsed.data;
  const email = body.email?.trim();
  return {
    accessToken: body.access_token,
    ...(body.refresh_token === undefined ? {} : { refreshToken: body.refresh_token }),
    expiresAt: issuedAt + Math.floor((body.expires_in ?? DEFAULT_LIFETIME_SECONDS) * 1000),
    ...(email ? { email } : {}),
  };
}
