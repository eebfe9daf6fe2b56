import { upstreamProvider } from '@gatehouse/contracts';
import { z } from 'zod';

/**
 * The routing file (`GATEHOUSE_ROUTES_FILE`): which upstream endpoints exist and, per model, the
 * ordered list of endpoints to try. Read and compiled once at startup.
 *
 * Endpoint entries are validated here only for what routing needs (`id`, `provider`); the rest of
 * each entry (base URL, credentials, region) belongs to the adapter registry, which validates it
 * when it builds the adapters.
 */

/** A model id, or a pattern where `*` matches any run of characters (`claude-sonnet-4-5*`). */
const modelPattern = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9*][A-Za-z0-9._:@/*-]*$/, 'model ids and patterns use letters, digits, . _ : @ / - and *');

const endpointId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'endpoint ids use letters, digits, . _ -');

export const routeTargetSchema = z.strictObject({
  /** Id of an entry in `endpoints`. */
  endpoint: endpointId,
  /** Model id in the upstream's spelling; defaults to the requested id. */
  upstreamModel: z.string().trim().min(1).max(200).optional(),
});

export const routeSchema = z.strictObject({
  models: z.array(modelPattern).min(1),
  /** Tried in order; the next one only when the previous failed before the first byte reached the client. */
  upstreams: z.array(routeTargetSchema).min(1),
});

export const endpointEntrySchema = z.looseObject({
  id: endpointId,
  provider: upstreamProvider,
});

export const modelInfoSchema = z.strictObject({
  id: z.string().trim().min(1).max(200),
  displayName: z.string().trim().min(1).max(200),
  /** RFC 3339 release date shown by `/v1/models`. */
  createdAt: z.iso.datetime({ offset: true }).optional(),
});

export const routingConfigSchema = z
  .strictObject({
    endpoints: z.array(endpointEntrySchema).min(1),
    /** First route whose `models` match wins; exact ids beat patterns within one route list order. */
    routes: z.array(routeSchema).min(1),
    /** Display names and dates for `/v1/models`; models routed by exact id are listed even without one. */
    models: z.array(modelInfoSchema).default([]),
  })
  .superRefine((config, ctx) => {
    const ids = new Set<string>();
    config.endpoints.forEach((endpoint, index) => {
      if (ids.has(endpoint.id)) {
        ctx.addIssue({ code: 'custom', path: ['endpoints', index, 'id'], message: `endpoint id "${endpoint.id}" appears twice` });
      }
      ids.add(endpoint.id);
    });
    config.routes.forEach((route, routeIndex) => {
      route.upstreams.forEach((target, targetIndex) => {
        if (!ids.has(target.endpoint)) {
          ctx.addIssue({
            code: 'custom',
            path: ['routes', routeIndex, 'upstreams', targetIndex, 'endpoint'],
            message: `unknown endpoint "${target.endpoint}"; declare it under "endpoints"`,
          });
        }
      });
    });
  });

export type RoutingConfig = z.output<typeof routingConfigSchema>;
export type RouteTarget = z.output<typeof routeTargetSchema>;
export type EndpointEntry = z.output<typeof endpointEntrySchema>;
export type ModelInfo = z.output<typeof modelInfoSchema>;
