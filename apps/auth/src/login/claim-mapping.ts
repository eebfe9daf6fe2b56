/**
 * Where the IdP puts the claims Gatehouse needs. Each location is either a flat claim name
 * (`groups`) or an RFC 6901 JSON pointer into the claim set (`/realm_access/roles`), because
 * IdPs nest them differently (Keycloak realm roles, Auth0 namespaced claims).
 */
export interface ClaimMapping {
  email: string;
  name: string;
  groups: string;
}

export type ClaimSet = Readonly<Record<string, unknown>>;

/** What a login tells us about the person, before any policy is applied. */
export interface MappedIdentity {
  issuer: string;
  subject: string;
  email: string | undefined;
  /** The IdP's `email_verified`; undefined when the IdP does not send it (Entra ID). */
  emailVerified: boolean | undefined;
  name: string | undefined;
  /** Undefined when neither the ID token nor userinfo carries the groups claim. */
  groups: string[] | undefined;
  acr: string | undefined;
  amr: string[];
}

/** Reads one claim by flat name or JSON pointer; undefined when any step is missing. */
export function readClaim(claims: ClaimSet, location: string): unknown {
  if (!location.startsWith('/')) return claims[location];
  let current: unknown = claims;
  for (const raw of location.slice(1).split('/')) {
    // RFC 6901 §4: ~1 is "/", ~0 is "~", decoded in that order.
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (isRecord(current) && Object.hasOwn(current, token)) {
      current = current[token];
    } else {
      return undefined;
    }
  }
  return current;
}

/** A groups claim as a list of names: an array of strings, or one string (some IdPs send one group unwrapped). */
export function groupsFrom(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return undefined;
  return value.filter((entry): entry is string => typeof entry === 'string' && entry !== '');
}

/**
 * Maps the ID token's claims, with userinfo as the fallback for each mapped claim the ID token
 * lacks (Okta's org server and Keycloak put groups in only one of them, depending on setup).
 * Identity (`iss`, `sub`) comes from the ID token alone: userinfo is not signed.
 */
export function mapClaims(
  idToken: ClaimSet,
  userinfo: ClaimSet | undefined,
  mapping: ClaimMapping,
): MappedIdentity {
  const lookup = (location: string): unknown => {
    const fromToken = readClaim(idToken, location);
    if (fromToken !== undefined || userinfo === undefined) return fromToken;
    // OIDC Core §5.3.2: a userinfo response for another subject must not be used.
    if (userinfo.sub !== idToken.sub) return undefined;
    return readClaim(userinfo, location);
  };
  const email = lookup(mapping.email);
  const name = lookup(mapping.name);
  const verified = lookup('email_verified');
  const amr = idToken.amr;
  return {
    issuer: String(idToken.iss),
    subject: String(idToken.sub),
    email: typeof email === 'string' && email !== '' ? email.trim() : undefined,
    emailVerified: typeof verified === 'boolean' ? verified : undefined,
    name: typeof name === 'string' && name !== '' ? name : undefined,
    groups: groupsFrom(lookup(mapping.groups)),
    acr: typeof idToken.acr === 'string' ? idToken.acr : undefined,
    amr: Array.isArray(amr) ? amr.filter((entry): entry is string => typeof entry === 'string') : [],
  };
}

/** True when the ID token already has every mapped claim, so userinfo need not be fetched. */
export function idTokenHasMappedClaims(idToken: ClaimSet, mapping: ClaimMapping): boolean {
  return [mapping.email, mapping.groups].every((location) => readClaim(idToken, location) !== undefined);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
