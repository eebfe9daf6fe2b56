import { z } from 'zod';
import { MockUpstreamError, MockUpstreamErrorCode } from './errors';
import { type FaultSpec, parseFaultSpec } from './faults';
import type { RouteConfig } from './router';
import { loadScriptFile, type Script } from './script';
import { DEFAULT_TIMING, type TimingKnobs } from './timing';

export interface MockUpstreamOptions {
  /** 0 picks a free port (the default for in-process use). */
  port?: number;
  host?: string;
  /** Expected `x-api-key`; undefined accepts any non-empty key. */
  anthropicApiKey?: string;
  organizationId?: string;
  models?: RouteConfig['models'];
  bedrock?: Partial<RouteConfig['bedrock']>;
  vertex?: Partial<RouteConfig['vertex']>;
  timing?: Partial<TimingKnobs>;
  /** Fault applied to requests without `x-mock-fault`, e.g. `529` or `429-then-ok:3`. */
  fault?: string;
  /** Probability that `fault` applies to a request; 1 when unset. */
  faultRate?: number;
  script?: Script;
  toolTrigger?: string;
  defaultToolName?: string;
  /** Injected for deterministic fault sampling in tests. */
  random?: () => number;
  /** Injected clock for prompt-cache expiry. */
  now?: () => number;
}

export const DEFAULT_MODELS: RouteConfig['models'] = [
  {
    id: 'claude-opus-4-5-20251101',
    display_name: 'Claude Opus 4.5',
    created_at: '2025-11-24T00:00:00Z',
  },
  {
    id: 'claude-sonnet-4-5-20250929',
    display_name: 'Claude Sonnet 4.5',
    created_at: '2025-09-29T00:00:00Z',
  },
  {
    id: 'claude-haiku-4-5-20251001',
    display_name: 'Claude Haiku 4.5',
    created_at: '2025-10-15T00:00:00Z',
  },
  {
    id: 'claude-opus-4-1-20250805',
    display_name: 'Claude Opus 4.1',
    created_at: '2025-08-05T00:00:00Z',
  },
  {
    id: 'claude-sonnet-4-20250514',
    display_name: 'Claude Sonnet 4',
    created_at: '2025-05-22T00:00:00Z',
  },
];

export const DEFAULT_ORGANIZATION_ID = '5b1c0f6e-0000-4000-8000-000000000000';
export const DEFAULT_VERTEX_TOKEN = 'mock-vertex-token';
export const DEFAULT_TOOL_TRIGGER = 'use a tool';

export interface ResolvedOptions {
  port: number;
  host: string;
  routeConfig: RouteConfig;
  timing: TimingKnobs;
  globalFault: FaultSpec | undefined;
  faultRate: number;
  script: Script | undefined;
  toolTrigger: string;
  defaultToolName: string | undefined;
  random: () => number;
  now: () => number;
}

export function resolveOptions(options: MockUpstreamOptions): ResolvedOptions {
  const faultRate = options.faultRate ?? 1;
  if (!(faultRate >= 0 && faultRate <= 1))
    throw new MockUpstreamError(
      MockUpstreamErrorCode.InvalidConfig,
      'faultRate must be between 0 and 1',
    );
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    routeConfig: {
      anthropicApiKey: options.anthropicApiKey,
      organizationId: options.organizationId ?? DEFAULT_ORGANIZATION_ID,
      models: options.models ?? DEFAULT_MODELS,
      bedrock: {
        accessKeyId: undefined,
        secretAccessKey: undefined,
        apiKey: undefined,
        ...options.bedrock,
      },
      vertex: {
        accessToken: DEFAULT_VERTEX_TOKEN,
        serviceAccountPublicKey: undefined,
        ...options.vertex,
      },
    },
    timing: { ...DEFAULT_TIMING, ...options.timing },
    globalFault: options.fault ? parseFaultSpec(options.fault) : undefined,
    faultRate,
    script: options.script,
    toolTrigger: options.toolTrigger ?? DEFAULT_TOOL_TRIGGER,
    defaultToolName: options.defaultToolName,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
}

const number = z.coerce.number().nonnegative();
const text = z.string().min(1);

// Every knob the CLI reads from the environment; flags given on the command line win over these.
const envSchema = z.object({
  MOCK_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  MOCK_HOST: text.optional(),
  MOCK_API_KEY: text.optional(),
  MOCK_ORG_ID: text.optional(),
  MOCK_FIRST_BYTE_MS: number.optional(),
  MOCK_FIRST_TOKEN_MS: number.optional(),
  MOCK_TOKENS_PER_SEC: number.optional(),
  MOCK_CHUNK_TOKENS: z.coerce.number().int().min(1).optional(),
  MOCK_PING_MS: number.optional(),
  MOCK_OUTPUT_TOKENS: z.coerce.number().int().min(1).optional(),
  MOCK_FAULT: text.optional(),
  MOCK_FAULT_RATE: z.coerce.number().min(0).max(1).optional(),
  MOCK_SCRIPT: text.optional(),
  MOCK_TOOL_TRIGGER: text.optional(),
  MOCK_DEFAULT_TOOL: text.optional(),
  MOCK_AWS_ACCESS_KEY_ID: text.optional(),
  MOCK_AWS_SECRET_ACCESS_KEY: text.optional(),
  MOCK_BEDROCK_API_KEY: text.optional(),
  MOCK_VERTEX_TOKEN: text.optional(),
  MOCK_VERTEX_PUBLIC_KEY: text.optional(),
});

/** Reads MOCK_* variables into options; a bad value fails with the variable's name. */
export function optionsFromEnv(env: NodeJS.ProcessEnv): MockUpstreamOptions {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success)
    throw new MockUpstreamError(MockUpstreamErrorCode.InvalidConfig, z.prettifyError(parsed.error));
  const e = parsed.data;
  const timing: Partial<TimingKnobs> = {};
  if (e.MOCK_FIRST_BYTE_MS !== undefined) timing.firstByteMs = e.MOCK_FIRST_BYTE_MS;
  if (e.MOCK_FIRST_TOKEN_MS !== undefined) timing.firstTokenMs = e.MOCK_FIRST_TOKEN_MS;
  if (e.MOCK_TOKENS_PER_SEC !== undefined) timing.tokensPerSecond = e.MOCK_TOKENS_PER_SEC;
  if (e.MOCK_CHUNK_TOKENS !== undefined) timing.chunkTokens = e.MOCK_CHUNK_TOKENS;
  if (e.MOCK_PING_MS !== undefined) timing.pingIntervalMs = e.MOCK_PING_MS;
  if (e.MOCK_OUTPUT_TOKENS !== undefined) timing.outputTokens = e.MOCK_OUTPUT_TOKENS;
  return {
    port: e.MOCK_PORT,
    host: e.MOCK_HOST,
    anthropicApiKey: e.MOCK_API_KEY,
    organizationId: e.MOCK_ORG_ID,
    timing,
    fault: e.MOCK_FAULT,
    faultRate: e.MOCK_FAULT_RATE,
    script: e.MOCK_SCRIPT ? loadScriptFile(e.MOCK_SCRIPT) : undefined,
    toolTrigger: e.MOCK_TOOL_TRIGGER,
    defaultToolName: e.MOCK_DEFAULT_TOOL,
    bedrock: {
      accessKeyId: e.MOCK_AWS_ACCESS_KEY_ID,
      secretAccessKey: e.MOCK_AWS_SECRET_ACCESS_KEY,
      apiKey: e.MOCK_BEDROCK_API_KEY,
    },
    vertex: {
      accessToken: e.MOCK_VERTEX_TOKEN ?? DEFAULT_VERTEX_TOKEN,
      serviceAccountPublicKey: e.MOCK_VERTEX_PUBLIC_KEY,
    },
  };
}
