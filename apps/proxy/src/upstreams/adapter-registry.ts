import { readFileSync } from 'node:fs';
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { createAnthropicAdapter } from './anthropic/anthropic-adapter';
import type { WithheldErrorObserver } from './anthropic/client-error';
import { createBedrockAdapter } from './bedrock/bedrock-adapter';
import type { UpstreamAdapter } from './upstream-adapter';
import { GoogleServiceAccountTokenSource } from './vertex/google-service-account-token-source';
import { parseServiceAccountKey } from './vertex/service-account-key';
import { VertexAdapterError } from './vertex/vertex-adapter-error';
import { createVertexAdapter } from './vertex/vertex-adapter';

/**
 * The `endpoints` section of the routing configuration and the adapters built from it at
 * startup. The file names environment variables, never secrets, so it can live in version
 * control; a missing variable fails the start with the field that names it.
 */

const endpointId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'must be lower-case letters, digits, ".", "_" or "-"');
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable');
const baseUrl = z.url({ protocol: /^https?$/ });
const awsRegion = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region, e.g. us-east-1');
const gcpLocation = z
  .string()
  .regex(/^(global|[a-z]+-[a-z]+\d+)$/, 'must be a Vertex location, e.g. us-east5');

const anthropicEndpoint = z.strictObject({
  id: endpointId,
  provider: z.literal('anthropic'),
  baseUrl: baseUrl.optional(),
  apiKeyEnv: envName,
});

const bedrockEndpoint = z.strictObject({
  id: endpointId,
  provider: z.literal('bedrock'),
  region: awsRegion,
  baseUrl: baseUrl.optional(),
  credentials: z.strictObject({
    accessKeyIdEnv: envName,
    secretAccessKeyEnv: envName,
    sessionTokenEnv: envName.optional(),
  }),
  /** Anthropic-style id → Bedrock model id or inference-profile ARN. */
  modelMap: z.record(z.string().min(1), z.string().min(1)).optional(),
  /** Betas Bedrock accepts that the built-in allowlist does not know yet. */
  extraBetas: z.array(z.string().min(1)).optional(),
});

const vertexEndpoint = z
  .strictObject({
    id: endpointId,
    provider: z.literal('vertex'),
    projectId: z.string().min(1),
    region: gcpLocation,
    baseUrl: baseUrl.optional(),
    /** Variable holding the path of a service-account key file. */
    serviceAccountFileEnv: envName.optional(),
    /** Variable holding the service-account key JSON itself. */
    serviceAccountJsonEnv: envName.optional(),
  })
  .refine(
    (endpoint) =>
      (endpoint.serviceAccountFileEnv === undefined) !==
      (endpoint.serviceAccountJsonEnv === undefined),
    { message: 'set exactly one of serviceAccountFileEnv and serviceAccountJsonEnv' },
  );

export const upstreamEndpointSchema = z.discriminatedUnion('provider', [
  anthropicEndpoint,
  bedrockEndpoint,
  vertexEndpoint,
]);

export const upstreamEndpointsSchema = z
  .array(upstreamEndpointSchema)
  .min(1)
  .superRefine((endpoints, ctx) => {
    const seen = new Set<string>();
    endpoints.forEach((endpoint, index) => {
      if (seen.has(endpoint.id)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'id'],
          message: `duplicate endpoint id "${endpoint.id}"`,
        });
      }
      seen.add(endpoint.id);
    });
  });

/** The part of the routing file this module reads; other sections are left to their owners. */
export const upstreamEndpointsConfigSchema = z.object({ endpoints: upstreamEndpointsSchema });

export type UpstreamEndpointConfig = z.output<typeof upstreamEndpointSchema>;
export type UpstreamEndpointsConfig = z.input<typeof upstreamEndpointsConfigSchema>;

export const DEFAULT_ANTHROPIC_BASE_URL = 'https://api.anthropic.com';

export function defaultBedrockBaseUrl(region: string): string {
  return `https://bedrock-runtime.${region}.amazonaws.com`;
}

/** Vertex's `global` location has no regional host. */
export function defaultVertexBaseUrl(region: string): string {
  return region === 'global'
    ? 'https://aiplatform.googleapis.com'
    : `https://${region}-aiplatform.googleapis.com`;
}

export enum AdapterRegistryErrorCode {
  /** The endpoints section does not match the schema. */
  InvalidConfig = 'UPSTREAM_CONFIG_INVALID',
  /** A referenced environment variable is unset, or what it points to is unusable. */
  InvalidSecret = 'UPSTREAM_SECRET_INVALID',
}

/** One bad field: its path in the routing file and why, never a secret's value. */
export interface AdapterConfigIssue {
  readonly field: string;
  readonly reason: string;
}

export class AdapterRegistryError extends Error {
  override readonly name = 'AdapterRegistryError';

  constructor(
    readonly code: AdapterRegistryErrorCode,
    readonly issues: readonly AdapterConfigIssue[],
  ) {
    super(`${code}: ${issues.map((issue) => `${issue.field}: ${issue.reason}`).join('; ')}`);
  }
}

export interface BuildAdaptersOptions {
  /** Reads a service-account key file; defaults to the file system. */
  readonly readFile?: (path: string) => string;
  readonly onWithheldError?: WithheldErrorObserver;
  /** undici dispatcher for Google token exchanges (tests). */
  readonly tokenDispatcher?: Dispatcher;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Builds one adapter per configured endpoint, keyed by id. Every problem is collected before
 * failing, so an operator fixes the configuration in one go.
 */
export function buildAdapters(
  config: UpstreamEndpointsConfig,
  env: Env,
  options: BuildAdaptersOptions = {},
): Map<string, UpstreamAdapter> {
  const parsed = upstreamEndpointsConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw new AdapterRegistryError(
      AdapterRegistryErrorCode.InvalidConfig,
      parsed.error.issues.map((issue) => ({
        field: fieldPath(issue.path),
        reason: issue.message,
      })),
    );
  }
  const issues: AdapterConfigIssue[] = [];
  const adapters = new Map<string, UpstreamAdapter>();
  parsed.data.endpoints.forEach((endpoint, index) => {
    const secrets = new SecretReader(env, `endpoints[${index}]`, issues);
    const adapter = buildAdapter(endpoint, secrets, options);
    if (adapter !== null) adapters.set(endpoint.id, adapter);
  });
  if (issues.length > 0) {
    throw new AdapterRegistryError(AdapterRegistryErrorCode.InvalidSecret, issues);
  }
  return adapters;
}

function buildAdapter(
  endpoint: UpstreamEndpointConfig,
  secrets: SecretReader,
  options: BuildAdaptersOptions,
): UpstreamAdapter | null {
  const { onWithheldError } = options;
  switch (endpoint.provider) {
    case 'anthropic': {
      const apiKey = secrets.read('apiKeyEnv', endpoint.apiKeyEnv);
      if (apiKey === undefined) return null;
      const base = endpoint.baseUrl ?? DEFAULT_ANTHROPIC_BASE_URL;
      return createAnthropicAdapter({ endpoint: { id: endpoint.id, baseUrl: base }, apiKey });
    }
    case 'bedrock': {
      const { credentials } = endpoint;
      const accessKeyId = secrets.read('credentials.accessKeyIdEnv', credentials.accessKeyIdEnv);
      const secretAccessKey = secrets.read(
        'credentials.secretAccessKeyEnv',
        credentials.secretAccessKeyEnv,
      );
      const sessionToken =
        credentials.sessionTokenEnv === undefined
          ? undefined
          : secrets.read('credentials.sessionTokenEnv', credentials.sessionTokenEnv);
      if (accessKeyId === undefined || secretAccessKey === undefined) return null;
      if (credentials.sessionTokenEnv !== undefined && sessionToken === undefined) return null;
      return createBedrockAdapter({
        endpoint: {
          id: endpoint.id,
          baseUrl: endpoint.baseUrl ?? defaultBedrockBaseUrl(endpoint.region),
        },
        region: endpoint.region,
        credentials: { accessKeyId, secretAccessKey, sessionToken },
        modelMap: endpoint.modelMap,
        extraBetas: endpoint.extraBetas,
        onWithheldError,
      });
    }
    case 'vertex': {
      const keyJson = readServiceAccountJson(endpoint, secrets, options);
      if (keyJson === undefined) return null;
      const field = endpoint.serviceAccountJsonEnv
        ? 'serviceAccountJsonEnv'
        : 'serviceAccountFileEnv';
      let tokenSource: GoogleServiceAccountTokenSource;
      try {
        tokenSource = new GoogleServiceAccountTokenSource({
          key: parseServiceAccountKey(keyJson),
          dispatcher: options.tokenDispatcher,
        });
      } catch (error) {
        if (!(error instanceof VertexAdapterError)) throw error;
        secrets.fail(field, error.message);
        return null;
      }
      return createVertexAdapter({
        endpoint: {
          id: endpoint.id,
          baseUrl: endpoint.baseUrl ?? defaultVertexBaseUrl(endpoint.region),
        },
        projectId: endpoint.projectId,
        region: endpoint.region,
        tokenSource,
        onWithheldError,
      });
    }
  }
}

function readServiceAccountJson(
  endpoint: Extract<UpstreamEndpointConfig, { provider: 'vertex' }>,
  secrets: SecretReader,
  options: BuildAdaptersOptions,
): string | undefined {
  if (endpoint.serviceAccountJsonEnv !== undefined) {
    return secrets.read('serviceAccountJsonEnv', endpoint.serviceAccountJsonEnv);
  }
  const fileEnv = endpoint.serviceAccountFileEnv ?? '';
  const path = secrets.read('serviceAccountFileEnv', fileEnv);
  if (path === undefined) return undefined;
  try {
    return (options.readFile ?? ((file: string) => readFileSync(file, 'utf8')))(path);
  } catch (error) {
    secrets.fail(
      'serviceAccountFileEnv',
      `cannot read the key file named by ${fileEnv}: ${(error as Error).message}`,
    );
    return undefined;
  }
}

/** Reads the variables one endpoint names, recording a field-level issue for each missing one. */
class SecretReader {
  constructor(
    private readonly env: Env,
    private readonly prefix: string,
    private readonly issues: AdapterConfigIssue[],
  ) {}

  read(field: string, variable: string): string | undefined {
    const value = this.env[variable];
    if (value === undefined || value.trim() === '') {
      this.fail(field, `environment variable ${variable} is not set`);
      return undefined;
    }
    return value;
  }

  fail(field: string, reason: string): void {
    this.issues.push({ field: `${this.prefix}.${field}`, reason });
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}
