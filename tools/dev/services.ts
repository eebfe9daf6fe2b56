/** A process `npm start` runs locally, with its default port (override with <NAME>_PORT). */
export interface LocalProcess {
  readonly name: string;
  /** TypeScript entry point; its compiled JavaScript under dist/ runs (ADR 0020). */
  readonly entry: string;
  readonly defaultPort: number;
  /** Answers 200 once the process can take traffic. */
  readonly readyPath: string;
  readonly role: string;
  /** Extra CLI arguments; `{port}` is replaced with the chosen port. */
  readonly args?: readonly string[];
}

function service(name: string, defaultPort: number, role: string): LocalProcess {
  return { name, entry: `apps/${name}/src/main.ts`, defaultPort, readyPath: '/readyz', role };
}

export const LOCAL_SERVICES: readonly LocalProcess[] = [
  service('proxy', 4000, 'gateway: Anthropic Messages API (ANTHROPIC_BASE_URL)'),
  service('auth', 4001, 'identity, sessions, managed settings'),
  service('budget', 4002, 'spend ledger and caps'),
  service('audit', 4003, 'Kafka → ClickHouse, SIEM, audit trail'),
];

/** Stands in for the Anthropic API when no upstream is configured (see dev-defaults.ts). */
export const UPSTREAM_SIMULATOR: LocalProcess = {
  name: 'mock-upstream',
  entry: 'tools/mock-upstream/src/main.ts',
  defaultPort: 4100,
  readyPath: '/_mock/health',
  role: 'upstream simulator (Anthropic, Bedrock, Vertex)',
  args: ['--port', '{port}'],
};

/** Stands in for the corporate IdP when OIDC_ISSUER is not set (see dev-defaults.ts). */
export const DEV_IDP: LocalProcess = {
  name: 'dev-idp',
  entry: 'tools/dev-idp/src/main.ts',
  defaultPort: 4200,
  readyPath: '/.well-known/openid-configuration',
  role: 'development OIDC provider (alice@example.com / see tools/dev-idp/README.md)',
  args: ['--port', '{port}'],
};

export function processPort(process: LocalProcess, env: NodeJS.ProcessEnv): number {
  const raw = env[`${process.name.toUpperCase().replace(/-/g, '_')}_PORT`];
  return raw ? Number(raw) : process.defaultPort;
}
