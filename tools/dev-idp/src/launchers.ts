import type { DevIdpFaults } from './faults';
import type { DevIdpServerConfig } from './options';

/** One running IdP, however it was started. */
export interface LaunchedDevIdp {
  issuer: string;
  port: number;
  setFaults(faults: DevIdpFaults): Promise<void>;
  close(): Promise<void>;
}

export type Launcher = (config: DevIdpServerConfig) => Promise<LaunchedDevIdp>;
