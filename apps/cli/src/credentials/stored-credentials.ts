import { z } from 'zod';

/**
 * What `gatehouse login` keeps between runs. Endpoints are stored as discovered at login so that
 * `gatehouse token` (run by Claude Code every few minutes) needs no discovery round trip.
 */
export const storedCredentialsSchema = z.object({
  version: z.literal(1),
  /** Base URL developers point clients at (ANTHROPIC_BASE_URL): the gateway's proxy. */
  gatewayUrl: z.url(),
  /** Base URL of the authorization server whose metadata was read at login. */
  authUrl: z.url(),
  tokenEndpoint: z.url(),
  revocationEndpoint: z.url().optional(),
  accessToken: z.string().min(1),
  /** Absent when the server issued none: the developer must log in again at expiry. */
  refreshToken: z.string().min(1).optional(),
  /** Access token expiry, milliseconds since the epoch (from `expires_in` at issue time). */
  expiresAt: z.number().int().nonnegative(),
  /** `email` extension of the token response, when the server sent one. */
  email: z.string().optional(),
});

export type StoredCredentials = z.infer<typeof storedCredentialsSchema>;

/**
 * Where credentials live. The file implementation is the only one today; an OS keychain
 * (macOS Keychain, Secret Service on Linux desktops, Windows Credential Manager) fits behind the
 * same interface.
 */
export interface CredentialStore {
  /** The stored credentials, or undefined when there are none. */
  load(): Promise<StoredCredentials | undefined>;
  save(credentials: StoredCredentials): Promise<void>;
  /** Removes the credentials; resolves also when there were none. */
  clear(): Promise<void>;
  /** Where the credentials are kept, for messages. */
  readonly location: string;
}
