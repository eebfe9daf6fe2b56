import type { Logger } from '@gatehouse/observability';
import type { ServiceFastify } from '@gatehouse/service-kit';
import type { DataSource } from 'typeorm';
import type { AuthDirectory } from '../directory/auth-directory';
import { systemClock, type Clock } from '../directory/clock';
import { RoleResolver } from '../directory/role-resolver';
import { bearerTokenMatches } from './scim-auth';
import { ScimError, ScimErrorCode, scimErrorBody, toScimError } from './scim-error';
import { groupLocation, parseGroupBody, renderGroup } from './scim-group-resource';
import { ScimGroupStore } from './scim-group-store';
import { includesAttribute, parseListQuery, parseProjection, project } from './scim-list-query';
import { parsePatchRequest } from './scim-patch-op';
import {
  resourceTypes,
  schemaDefinitions,
  SCIM_CONTENT_TYPE,
  SCIM_LIST_SCHEMA,
  serviceProviderConfig,
} from './scim-schemas';
import type { ScimPage, ScimStoreDeps } from './scim-store-deps';
import { parseUserBody, renderUser, userLocation } from './scim-user-resource';
import { ScimUserStore } from './scim-user-store';

export const SCIM_BASE_PATH = '/scim/v2';

export interface ScimRoutesDeps {
  dataSource: DataSource;
  directory: AuthDirectory;
  /** The tenant SCIM provisions into. */
  orgId: string;
  /** SCIM_BEARER_TOKEN; when unset every SCIM request is refused with 401. */
  bearerToken: string | undefined;
  logger: Logger;
  clock?: Clock;
  /** Names the SCIM client in events (`actor.id`); default `scim`. */
  clientId?: string;
  /** External URL of the auth service, for `meta.location`; default from the request's Host. */
  publicBaseUrl?: string;
}

type Query = Record<string, string | string[] | undefined>;
interface IdRoute {
  Params: { id: string };
  Querystring: Query;
}
interface ListRoute {
  Querystring: Query;
}

interface ScimRequest {
  protocol: string;
  host: string;
  headers: { authorization?: string };
}

/**
 * SCIM 2.0 (RFC 7643/7644) under /scim/v2 as an encapsulated Fastify plugin: its own body parser
 * for application/scim+json, bearer-token check, error handler and 404 in the SCIM error shape,
 * none of which leak into the service's other routes.
 */
export function registerScimRoutes(fastify: ServiceFastify, deps: ScimRoutesDeps): void {
  const storeDeps: ScimStoreDeps = {
    dataSource: deps.dataSource,
    directory: deps.directory,
    orgId: deps.orgId,
    clock: deps.clock ?? systemClock,
    actor: { type: 'scim', id: deps.clientId ?? 'scim', email: null },
    roles: new RoleResolver(),
  };
  const users = new ScimUserStore(storeDeps);
  const groups = new ScimGroupStore(storeDeps);
  const log = deps.logger.child({ component: 'scim' });
  const baseUrlOf = (request: ScimRequest): string =>
    deps.publicBaseUrl === undefined
      ? `${request.protocol}://${request.host}${SCIM_BASE_PATH}`
      : `${deps.publicBaseUrl.replace(/\/+$/, '')}${SCIM_BASE_PATH}`;

  void fastify.register(
    async (scim) => {
      scim.addContentTypeParser(
        SCIM_CONTENT_TYPE,
        { parseAs: 'string' },
        scim.getDefaultJsonParser('error', 'error'),
      );

      scim.addHook('onRequest', async (request, reply) => {
        if (bearerTokenMatches(request.headers.authorization, deps.bearerToken)) return;
        const detail =
          deps.bearerToken === undefined
            ? 'SCIM is not enabled on this Gatehouse: set SCIM_BEARER_TOKEN on the auth service'
            : 'missing or wrong bearer token';
        log.warn(
          { method: request.method, path: pathOf(request.url), ip: request.ip },
          'SCIM request refused: bad token',
        );
        const { status, body } = scimErrorBody(new ScimError(ScimErrorCode.UNAUTHORIZED, detail));
        return reply
          .code(status)
          .header('www-authenticate', 'Bearer realm="gatehouse-scim"')
          .type(SCIM_CONTENT_TYPE)
          .send(JSON.stringify(body));
      });

      scim.setErrorHandler(async (error, request, reply) => {
        const scimError = frameworkScimError(error) ?? toScimError(error);
        if (scimError.code === ScimErrorCode.INTERNAL) {
          log.error(
            { err: error, method: request.method, path: pathOf(request.url) },
            'SCIM request failed',
          );
        }
        const { status, body } = scimErrorBody(scimError);
        return reply.code(status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
      });

      scim.setNotFoundHandler(async (request, reply) => {
        const { status, body } = scimErrorBody(
          new ScimError(
            ScimErrorCode.NOT_FOUND,
            `no SCIM endpoint ${request.method} ${request.url}`,
          ),
        );
        return reply.code(status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
      });

      const send = (
        reply: { code(s: number): { type(t: string): { send(b: string): unknown } } },
        status: number,
        body: unknown,
      ) => reply.code(status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));

      scim.get('/ServiceProviderConfig', async (request, reply) =>
        send(reply, 200, serviceProviderConfig(baseUrlOf(request))),
      );
      scim.get('/ResourceTypes', async (request, reply) =>
        send(reply, 200, listOf(resourceTypes(baseUrlOf(request)))),
      );
      scim.get<IdRoute>('/ResourceTypes/:id', async (request, reply) =>
        send(reply, 200, byId(resourceTypes(baseUrlOf(request)), request.params.id)),
      );
      scim.get('/Schemas', async (request, reply) =>
        send(reply, 200, listOf(schemaDefinitions(baseUrlOf(request)))),
      );
      scim.get<IdRoute>('/Schemas/:id', async (request, reply) =>
        send(reply, 200, byId(schemaDefinitions(baseUrlOf(request)), request.params.id)),
      );

      scim.get<ListRoute>('/Users', async (request, reply) => {
        const query = parseListQuery(request.query);
        const page = await users.list(query.filter, query.page);
        const baseUrl = baseUrlOf(request);
        return send(
          reply,
          200,
          listResponse(page, (user) => project(renderUser(user, baseUrl), query.projection)),
        );
      });
      scim.get<IdRoute>('/Users/:id', async (request, reply) => {
        const user = await users.get(request.params.id);
        return send(
          reply,
          200,
          project(renderUser(user, baseUrlOf(request)), parseProjection(request.query)),
        );
      });
      scim.post('/Users', async (request, reply) => {
        const user = await users.create(parseUserBody(request.body));
        log.info({ userId: user.id, active: user.status === 'active' }, 'SCIM provisioned user');
        const baseUrl = baseUrlOf(request);
        reply.header('location', userLocation(baseUrl, user.id));
        return send(reply, 201, renderUser(user, baseUrl));
      });
      scim.put<IdRoute>('/Users/:id', async (request, reply) => {
        const user = await users.replace(request.params.id, parseUserBody(request.body));
        log.info({ userId: user.id, status: user.status }, 'SCIM replaced user');
        return send(reply, 200, renderUser(user, baseUrlOf(request)));
      });
      scim.patch<IdRoute>('/Users/:id', async (request, reply) => {
        const user = await users.patch(request.params.id, parsePatchRequest(request.body));
        log.info({ userId: user.id, status: user.status }, 'SCIM patched user');
        return send(reply, 200, renderUser(user, baseUrlOf(request)));
      });
      scim.delete<IdRoute>('/Users/:id', async (request, reply) => {
        await users.delete(request.params.id);
        log.info({ userId: request.params.id }, 'SCIM deleted user');
        return reply.code(204).send();
      });

      scim.get<ListRoute>('/Groups', async (request, reply) => {
        const query = parseListQuery(request.query);
        const page = await groups.list(
          query.filter,
          query.page,
          includesAttribute(query.projection, 'members'),
        );
        const baseUrl = baseUrlOf(request);
        return send(
          reply,
          200,
          listResponse(page, (group) => project(renderGroup(group, baseUrl), query.projection)),
        );
      });
      scim.get<IdRoute>('/Groups/:id', async (request, reply) => {
        const projection = parseProjection(request.query);
        const group = await groups.get(request.params.id, includesAttribute(projection, 'members'));
        return send(reply, 200, project(renderGroup(group, baseUrlOf(request)), projection));
      });
      scim.post('/Groups', async (request, reply) => {
        const group = await groups.create(parseGroupBody(request.body));
        log.info({ groupId: group.id, members: group.members?.length ?? 0 }, 'SCIM created group');
        const baseUrl = baseUrlOf(request);
        reply.header('location', groupLocation(baseUrl, group.id));
        return send(reply, 201, renderGroup(group, baseUrl));
      });
      scim.put<IdRoute>('/Groups/:id', async (request, reply) => {
        const group = await groups.replace(request.params.id, parseGroupBody(request.body));
        log.info({ groupId: group.id, members: group.members?.length ?? 0 }, 'SCIM replaced group');
        return send(reply, 200, renderGroup(group, baseUrlOf(request)));
      });
      scim.patch<IdRoute>('/Groups/:id', async (request, reply) => {
        const group = await groups.patch(request.params.id, parsePatchRequest(request.body));
        log.info({ groupId: group.id, members: group.members?.length ?? 0 }, 'SCIM patched group');
        const projection = parseProjection(request.query);
        return send(reply, 200, project(renderGroup(group, baseUrlOf(request)), projection));
      });
      scim.delete<IdRoute>('/Groups/:id', async (request, reply) => {
        await groups.delete(request.params.id);
        log.info({ groupId: request.params.id }, 'SCIM deleted group');
        return reply.code(204).send();
      });
    },
    { prefix: SCIM_BASE_PATH },
  );
}

function listResponse<T>(page: ScimPage<T>, render: (item: T) => Record<string, unknown>) {
  return {
    schemas: [SCIM_LIST_SCHEMA],
    totalResults: page.totalResults,
    startIndex: page.startIndex,
    itemsPerPage: page.resources.length,
    Resources: page.resources.map(render),
  };
}

function listOf(resources: Record<string, unknown>[]) {
  return listResponse({ totalResults: resources.length, startIndex: 1, resources }, (item) => item);
}

function byId(resources: Record<string, unknown>[], id: string): Record<string, unknown> {
  const found = resources.find((resource) => resource.id === id);
  if (found === undefined) throw new ScimError(ScimErrorCode.NOT_FOUND, `${id} not found`);
  return found;
}

/** Fastify's own refusals (bad JSON, wrong content type, body too large) in SCIM terms. */
export function frameworkScimError(error: unknown): ScimError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new ScimError(
      ScimErrorCode.UNSUPPORTED_MEDIA_TYPE,
      `send bodies as ${SCIM_CONTENT_TYPE} or application/json`,
    );
  }
  if (typeof code === 'string' && code.startsWith('FST_ERR_CTP_')) {
    return new ScimError(
      ScimErrorCode.INVALID_SYNTAX,
      'the request body is not valid JSON of an accepted size',
    );
  }
  if (statusCode === 400 && error instanceof Error && code === undefined) {
    return new ScimError(ScimErrorCode.INVALID_SYNTAX, error.message);
  }
  return undefined;
}

/** The URL without its query: filters can carry email addresses, which stay out of the logs. */
function pathOf(url: string): string {
  return url.split('?')[0] ?? url;
}
