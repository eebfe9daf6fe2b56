import { z } from 'zod';

/** Where the gateway sent a request: the Anthropic API itself or a cloud that hosts Claude. */
export const UPSTREAM_PROVIDERS = ['anthropic', 'bedrock', 'vertex'] as const;

export const upstreamProvider = z.enum(UPSTREAM_PROVIDERS);

export type UpstreamProvider = z.infer<typeof upstreamProvider>;
