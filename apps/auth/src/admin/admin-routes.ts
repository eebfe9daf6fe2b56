import type { Principal } from '@gatehouse/access-token';
import type { ServiceFastify } from '@gatehouse/service-kit';
import type { IncomingHttpHeaders } from 'node:http';
import type { DataSource } from 'typeorm';
import type { AuthDirectory } from '../directory/auth-directory';
import { systemClock, type Clock } from '../directory/clock';
import type { CallerAuthenticator } from '../policy/caller-authenticator';
import type { ErrorLogger, PolicyReply } from '../policy/policy-responses';
import { DEFAULT_ADMIN_ROLES, requireAdmin } from './admin-caller';
import { sendAdminApiError } from './admin-error';
import {
  createKeyBody,
  createServiceAccountBody,
  emptyBody,
  parseBody,
  pathParam,
  rotateKeyBody,
} from './admin-request-schemas';
import { ServiceAccountAdmin } from './service-account-admin';
import { revokeOneSession, revokeUserSessions } from './session-admin';

export const ADMIN_PATHS = {
  revokeSession: '/admin/sessions/:sessionId/revoke',
  revokeUserSessions: '/admin/users/:userId/revoke-sessions',
  serviceAccounts: '/admin/service-accounts',
  keys: '/admin/service-accounts/:accountId/keys',
  rotateKey: '/admin/service-accounts/:accountId/keys/:keyId/rotate',
  revokeKey: '/admin/service-accounts/:accountId/keys/:keyId/revoke',
} as const;

export interface AdminRouteDeps {
  /** The policy module's bearer authenticator (or a test's, over a TestTokenSigner). */
  readonly authenticator: CallerAuthenticator;
  readonly directory: Pick<
    AuthDirectory,
    'sessions' | 'users' | 'serviceAccounts' | 'serviceAccountKeys'
  >;
  readonly dataSource: DataSource;
  readonly logger: ErrorLogger;
  readonly clock?: Clock;
  readonly adminRoles?: readonly string[];
}

interface AdminRequest {
  readonly id: string;
  readonly headers: IncomingHttpHeaders;
  readonly params: unknown;
  readonly body: unknown;
}

type Handler = (request: AdminRequest, reply: PolicyReply) => Promise<PolicyReply>;

/**
 * The admin API for revocation and service accounts. Raw Fastify routes registered through
 * bootstrapService's `configureHttp` hook; every route needs a bearer token with an admin role.
 */
export function registerAdminRoutes(fastify: ServiceFastify, deps: AdminRouteDeps): void {
  const adminRoles = deps.adminRoles ?? DEFAULT_ADMIN_ROLES;
  const accounts = new ServiceAccountAdmin({
    dataSource: deps.dataSource,
    accounts: deps.directory.serviceAccounts,
    keys: deps.directory.serviceAccountKeys,
    clock: deps.clock ?? systemClock,
  });
  const admin =
    (
      status: 200 | 201,
      work: (request: AdminRequest, caller: Principal) => Promise<unknown>,
    ): Handler =>
    async (request, reply) => {
      try {
        const caller = await requireAdmin(deps.authenticator, request.headers, adminRoles);
        const body = await work(request, caller);
        // no-store: responses may carry a freshly created key.
        return reply.code(status).header('cache-control', 'no-store').send(body);
      } catch (error) {
        return sendAdminApiError(reply, error, { requestId: request.id, logger: deps.logger });
      }
    };
  const param = (request: AdminRequest, name: string): string => pathParam(request.params, name);

  fastify.post(
    ADMIN_PATHS.revokeSession,
    admin(200, (request, caller) => {
      const sessionId = param(request, 'sessionId');
      parseBody(emptyBody, request.body);
      return revokeOneSession(deps.directory.sessions, sessionId, caller);
    }),
  );
  fastify.post(
    ADMIN_PATHS.revokeUserSessions,
    admin(200, (request, caller) => {
      const userId = param(request, 'userId');
      parseBody(emptyBody, request.body);
      return revokeUserSessions(deps.directory.sessions, deps.directory.users, userId, caller);
    }),
  );
  fastify.get(
    ADMIN_PATHS.serviceAccounts,
    admin(200, (_request, caller) => accounts.list(caller)),
  );
  fastify.post(
    ADMIN_PATHS.serviceAccounts,
    admin(201, (request, caller) =>
      accounts.create(parseBody(createServiceAccountBody, request.body), caller),
    ),
  );
  fastify.get(
    ADMIN_PATHS.keys,
    admin(200, (request, caller) => accounts.listKeys(param(request, 'accountId'), caller)),
  );
  fastify.post(
    ADMIN_PATHS.keys,
    admin(201, (request, caller) => {
      const accountId = param(request, 'accountId');
      return accounts.createKey(accountId, parseBody(createKeyBody, request.body), caller);
    }),
  );
  fastify.post(
    ADMIN_PATHS.rotateKey,
    admin(201, (request, caller) => {
      const accountId = param(request, 'accountId');
      const keyId = param(request, 'keyId');
      return accounts.rotateKey(accountId, keyId, parseBody(rotateKeyBody, request.body), caller);
    }),
  );
  fastify.post(
    ADMIN_PATHS.revokeKey,
    admin(200, (request, caller) => {
      const accountId = param(request, 'accountId');
      const keyId = param(request, 'keyId');
      parseBody(emptyBody, request.body);
      return accounts.revokeKey(accountId, keyId, caller);
    }),
  );
}
