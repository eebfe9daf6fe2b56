/** The services `npm start` runs locally, with their default ports (override with <NAME>_PORT). */
export interface LocalService {
  readonly name: 'proxy' | 'auth' | 'budget' | 'audit';
  readonly defaultPort: number;
  readonly role: string;
}

export const LOCAL_SERVICES: readonly LocalService[] = [
  { name: 'proxy', defaultPort: 4000, role: 'data plane (Anthropic Messages API)' },
  { name: 'auth', defaultPort: 4001, role: 'identity, sessions, managed settings' },
  { name: 'budget', defaultPort: 4002, role: 'spend ledger and caps' },
  { name: 'audit', defaultPort: 4003, role: 'Kafka → ClickHouse, SIEM, audit trail' },
];

export function servicePort(service: LocalService, env: NodeJS.ProcessEnv): number {
  const raw = env[`${service.name.toUpperCase()}_PORT`];
  return raw ? Number(raw) : service.defaultPort;
}
