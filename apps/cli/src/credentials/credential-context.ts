import type { CliIo } from '../cli-io';
import type { OAuthTransport } from '../oauth/oauth-transport';
import { AccessTokenProvider } from './access-token-provider';
import { credentialsFilePath, gatehouseConfigDir } from './config-paths';
import { FileCredentialStore } from './file-credential-store';
import { withFileLock } from './refresh-lock';
import type { CredentialStore } from './stored-credentials';

export interface CredentialContext {
  store: CredentialStore;
  transport: OAuthTransport;
  tokens: AccessTokenProvider;
}

/** Wires the credential store, the refresh lock next to it and the token provider for one run. */
export function credentialContext(io: CliIo, version: string): CredentialContext {
  const file = credentialsFilePath(gatehouseConfigDir(io.env, io.homeDir));
  const store = new FileCredentialStore({ file, uid: io.uid, warn: (message) => io.err(message) });
  const transport: OAuthTransport = { fetch: io.fetch, userAgent: `gatehouse-cli/${version}` };
  const tokens = new AccessTokenProvider({
    store,
    transport,
    now: () => io.now(),
    withRefreshLock: async (work) => {
      await store.ensureDirectory();
      return withFileLock(
        { file: `${file}.lock`, now: () => io.now(), sleep: (ms) => io.sleep(ms) },
        work,
      );
    },
  });
  return { store, transport, tokens };
}
