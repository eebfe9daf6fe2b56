/**
 * Keys whose values are credentials wherever they appear in a log object. pino's redaction
 * compiles explicit paths (a `*` matches exactly one level), so each key is listed at the depths
 * our log objects use: top level (`{ token }`), one level down (`{ user: { password } }`), inside
 * header maps (`req.headers.authorization`) and one level deeper again
 * (`upstream.request.headers["x-api-key"]`).
 */
export const SECRET_KEYS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-goog-api-key',
  'x-amz-security-token',
  'password',
  'passwd',
  'secret',
  'clientSecret',
  'client_secret',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'apiKey',
  'api_key',
  'privateKey',
  'private_key',
  'sessionToken',
];

const DEPTH_PREFIXES = ['', '*.', '*.*.', '*.*.*.'];

function pathFor(prefix: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${prefix}${key}` : `${prefix}["${key}"]`;
}

/** Every path pino redacts; computed once at startup. */
export const REDACT_PATHS: readonly string[] = DEPTH_PREFIXES.flatMap((prefix) =>
  SECRET_KEYS.map((key) => pathFor(prefix, key)),
);

export const REDACTED_VALUE = '[redacted]';
