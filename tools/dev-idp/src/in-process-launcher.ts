import { DevIdpError, DevIdpErrorCode } from './errors';
import type { Launcher } from './launchers';
import type { DevIdpLog } from './server';

type ServerModule = typeof import('./server');

/**
 * oidc-provider 9 is ESM-only. Plain Node 24 `require()`s it; jest's CommonJS module runtime only
 * does with `--experimental-vm-modules`, and otherwise throws deep inside node_modules. That error
 * is turned into one that says what to do instead.
 */
function loadServerModule(): ServerModule {
  try {
    // Loaded lazily so importing @gatehouse/dev-idp never pulls oidc-provider into a jest worker.
    return require('./server') as ServerModule;
  } catch (error) {
    throw new DevIdpError(
      DevIdpErrorCode.InProcessUnavailable,
      `cannot load oidc-provider in this process (${(error as Error).message.split('\n')[0]}); ` +
        'under jest use startDevIdp() without inProcess, which runs it in a child process',
    );
  }
}

export function inProcessLauncher(log?: DevIdpLog): Launcher {
  return async (config) => {
    const running = await loadServerModule().startDevIdpServer(config, log);
    return {
      issuer: running.issuer,
      port: running.port,
      setFaults: async (faults) => running.setFaults(faults),
      close: () => running.close(),
    };
  };
}
