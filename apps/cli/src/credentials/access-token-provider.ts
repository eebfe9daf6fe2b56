import { CliError, CliErrorCode, SESSION_ENDED_MESSAGE } from '../cli-error';
import type { OAuthTransport } from '../oauth/oauth-transport';
import { refreshTokens } from '../oauth/refresh-grant';
import type { CredentialStore, StoredCredentials } from './stored-credentials';

/** Refresh when the access token has less than this left, so a caller never gets one about to lapse. */
export const REFRESH_MARGIN_MS = 60_000;

export function needsRefresh(
  credentials: StoredCredentials,
  now: number,
  marginMs = REFRESH_MARGIN_MS,
): boolean {
  return credentials.expiresAt - now <= marginMs;
}

export interface AccessTokenProviderDeps {
  store: CredentialStore;
  transport: OAuthTransport;
  /** Runs its argument under the cross-process refresh lock (see refresh-lock.ts). */
  withRefreshLock: <T>(work: () => Promise<T>) => Promise<T>;
  now: () => number;
}

/**
 * Hands out a valid access token, refreshing it when it is about to expire. Refreshing happens
 * under a lock and re-reads the stored credentials inside it: a concurrent `gatehouse token` that
 * waited for the lock then finds the fresh token and does not spend the (already rotated) old
 * refresh token, which the server would treat as reuse and answer by revoking the session.
 */
export class AccessTokenProvider {
  constructor(private readonly deps: AccessTokenProviderDeps) {}

  async accessToken(): Promise<string> {
    const stored = await this.loadOrFail();
    if (!needsRefresh(stored, this.deps.now())) return stored.accessToken;
    return this.deps.withRefreshLock(async () => {
      const current = await this.loadOrFail();
      if (!needsRefresh(current, this.deps.now())) return current.accessToken;
      return this.refresh(current);
    });
  }

  private async refresh(current: StoredCredentials): Promise<string> {
    if (current.refreshToken === undefined)
      throw new CliError(CliErrorCode.SESSION_ENDED, SESSION_ENDED_MESSAGE);
    try {
      const tokens = await refreshTokens(
        this.deps.transport,
        current.tokenEndpoint,
        current.refreshToken,
        this.deps.now,
      );
      await this.deps.store.save({
        ...current,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: tokens.expiresAt,
        ...(tokens.email === undefined ? {} : { email: tokens.email }),
      });
      return tokens.accessToken;
    } catch (error) {
      if (error instanceof CliError && error.code === CliErrorCode.SESSION_ENDED) {
        // The refresh token is dead; dropping it keeps later calls from sending it again.
        const { refreshToken: _dead, ...rest } = current;
        await this.deps.store.save(rest);
      }
      // A gateway that is briefly unreachable should not stop work while the token still works.
      if (
        error instanceof CliError &&
        error.code === CliErrorCode.UNREACHABLE &&
        current.expiresAt > this.deps.now()
      ) {
        return current.accessToken;
      }
      throw error;
    }
  }

  private async loadOrFail(): Promise<StoredCredentials> {
    const stored = await this.deps.store.load();
    if (stored === undefined)
      throw new CliError(CliErrorCode.NOT_LOGGED_IN, 'not logged in; run `gatehouse login`.');
    return stored;
  }
}
