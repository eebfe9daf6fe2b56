/**
 * Reads a JWT's payload WITHOUT verifying its signature. Only for showing the developer what
 * their own token says (`gatehouse whoami`); the gateway verifies tokens, the CLI never trusts
 * these claims for a decision.
 */
export function decodeJwtPayloadUnverified(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
