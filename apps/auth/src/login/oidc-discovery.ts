import { z } from 'zod';
import { LoginError, LoginErrorCode } from './login-error';

/** The parts of an issuer's discovery document the relying party uses. */
export interface IssuerEndpoints {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  userinfoEndpoint: string | undefined;
  jwksUri: string;
  codeChallengeMethods: readonly string[];
}

const discoverySchema = z.looseObject({
  issuer: z.string().min(1),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  userinfo_endpoint: z.url().optional(),
  jwks_uri: z.url(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
});

export interface DiscoverOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Reads `<issuer>/.well-known/openid-configuration` (OIDC Discovery 1.0). passport-openidconnect
 * takes explicit endpoints, so this runs once at startup; a failure names the issuer and the cause
 * so a wrong OIDC_ISSUER is obvious from the first log line.
 */
export async function discoverIssuer(
  issuer: string,
  options: DiscoverOptions = {},
): Promise<IssuerEndpoints> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new LoginError(
      LoginErrorCode.ISSUER_UNREACHABLE,
      `OIDC issuer ${issuer} unreachable: ${causeText(error)} (GET ${url})`,
      { cause: error },
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new LoginError(
      LoginErrorCode.DISCOVERY_INVALID,
      `OIDC issuer ${issuer} answered HTTP ${response.status} for ${url}; check OIDC_ISSUER`,
    );
  }
  const parsed = discoverySchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(body)').join(', ');
    throw new LoginError(
      LoginErrorCode.DISCOVERY_INVALID,
      `OIDC issuer ${issuer} served an unusable discovery document at ${url} (invalid: ${fields})`,
    );
  }
  const doc = parsed.data;
  // OIDC Discovery §4.3: the document's issuer must be exactly the configured one.
  if (doc.issuer !== issuer) {
    throw new LoginError(
      LoginErrorCode.DISCOVERY_INVALID,
      `OIDC issuer mismatch: OIDC_ISSUER is ${issuer} but the discovery document says ${doc.issuer}; set OIDC_ISSUER to exactly that value`,
    );
  }
  return {
    issuer: doc.issuer,
    authorizationEndpoint: doc.authorization_endpoint,
    tokenEndpoint: doc.token_endpoint,
    userinfoEndpoint: doc.userinfo_endpoint,
    jwksUri: doc.jwks_uri,
    codeChallengeMethods: doc.code_challenge_methods_supported ?? [],
  };
}

/**
 * The innermost cause of a failed fetch ("ECONNREFUSED connect ECONNREFUSED 127.0.0.1:4200"),
 * read structurally: undici's errors may come from another realm (jest), where instanceof fails.
 */
function causeText(error: unknown): string {
  const outer = error as { message?: unknown; cause?: { message?: unknown; code?: unknown } } | null;
  const cause = outer?.cause;
  if (cause !== undefined && cause !== null) {
    const code = typeof cause.code === 'string' ? `${cause.code} ` : '';
    return `${code}${String(cause.message ?? '')}`.trim();
  }
  return typeof outer?.message === 'string' ? outer.message : String(error);
}
