import type { Principal } from '@gatehouse/access-token';
import type { Actor } from '@gatehouse/contracts';
import {
  evaluatePolicy,
  validatePolicyDocument,
  type PolicySubject,
} from '@gatehouse/managed-settings';
import type { ServiceFastify } from '@gatehouse/service-kit';
import type { IncomingHttpHeaders } from 'node:http';
import type { CallerAuthenticator } from './caller-authenticator';
import { etagOf, notModified, SETTINGS_CACHE_CONTROL, settingsUuid } from './conditional-get';
import type { ManagedSettingsStore, PolicyVersion } from './managed-settings-store';
import { PolicyError, PolicyErrorCode } from './policy-error';
import {
  sendAdminError,
  sendClientError,
  type ErrorLogger,
  type PolicyReply,
} from './policy-responses';

/** Roles allowed to author policies unless the wiring says otherwise. */
export const DEFAULT_POLICY_ADMIN_ROLES: readonly string[] = ['gatehouse-admin'];

export const POLICY_PATHS = {
  admin: '/admin/policies/managed-settings',
  versions: '/admin/policies/managed-settings/versions',
  version: '/admin/policies/managed-settings/versions/:version',
  preview: '/admin/policies/managed-settings/preview',
  settings: '/managed/settings',
  /** The bare settings document, for `gatehouse` acting as a policy helper (see docs). */
  settingsFile: '/managed/settings.json',
} as const;

/** Looks a user up for `preview?user=`; the auth directory's UserDirectory fits. */
export interface PolicyUserLookup {
  findById(
    userId: string,
  ): Promise<{ orgId: string; groups: readonly string[]; roles: readonly string[] } | undefined>;
}

export interface PolicyRouteDeps {
  readonly store: Pick<ManagedSettingsStore, 'current' | 'version' | 'versions' | 'publish'>;
  readonly authenticator: CallerAuthenticator;
  readonly users: PolicyUserLookup;
  readonly logger: ErrorLogger;
  readonly adminRoles?: readonly string[];
}

interface PolicyRequest {
  readonly id: string;
  readonly headers: IncomingHttpHeaders;
  readonly query: unknown;
  readonly params: unknown;
  readonly body: unknown;
}

type Handler = (request: PolicyRequest, reply: PolicyReply) => Promise<PolicyReply>;

/**
 * The admin API for managed Claude Code settings and the endpoints clients poll. Raw Fastify
 * routes registered through bootstrapService's `configureHttp` hook.
 */
export function registerPolicyRoutes(fastify: ServiceFastify, deps: PolicyRouteDeps): void {
  const adminRoles = deps.adminRoles ?? DEFAULT_POLICY_ADMIN_ROLES;
  const admin =
    (work: (request: PolicyRequest, caller: Principal) => Promise<unknown>): Handler =>
    async (request, reply) => {
      try {
        const caller = await authenticate(deps.authenticator, request.headers);
        if (!caller.roles.some((role) => adminRoles.includes(role))) {
          throw new PolicyError(
            PolicyErrorCode.NOT_ADMIN,
            `managing policies needs one of the roles ${adminRoles.join(', ')}`,
          );
        }
        const body = await work(request, caller);
        return reply.code(200).header('cache-control', 'no-store').send(body);
      } catch (error) {
        return sendAdminError(reply, error, { requestId: request.id, logger: deps.logger });
      }
    };

  fastify.get(
    POLICY_PATHS.admin,
    admin((_request, caller) => currentDocument(deps, caller)),
  );
  fastify.put(
    POLICY_PATHS.admin,
    admin((request, caller) => publish(deps, request, caller)),
  );
  fastify.get(
    POLICY_PATHS.versions,
    admin((_request, caller) => listVersions(deps, caller)),
  );
  fastify.get(
    POLICY_PATHS.version,
    admin((request, caller) => oneVersion(deps, request, caller)),
  );
  fastify.get(
    POLICY_PATHS.preview,
    admin((request, caller) => preview(deps, request, caller)),
  );
  fastify.get(POLICY_PATHS.settings, settingsHandler(deps, 'wrapped'));
  fastify.get(POLICY_PATHS.settingsFile, settingsHandler(deps, 'bare'));
}

async function authenticate(
  authenticator: CallerAuthenticator,
  headers: IncomingHttpHeaders,
): Promise<Principal> {
  const result = await authenticator.authenticate(headers);
  if (result.ok) return result.principal;
  throw new PolicyError(
    result.status === 503 ? PolicyErrorCode.KEYS_UNAVAILABLE : PolicyErrorCode.UNAUTHENTICATED,
    result.message,
  );
}

/**
 * `wrapped` is Claude Code's `/managed/settings` contract: `{uuid, checksum, settings}`. `bare` is
 * the settings document alone (uuid and checksum in headers), ready to write into a managed
 * settings file. Both answer 304 only to an If-None-Match naming the current ETag.
 */
function settingsHandler(deps: PolicyRouteDeps, shape: 'wrapped' | 'bare'): Handler {
  return async (request, reply) => {
    try {
      const caller = await authenticate(deps.authenticator, request.headers);
      const current = await deps.store.current(caller.orgId);
      if (current === undefined) {
        throw new PolicyError(
          PolicyErrorCode.NOT_FOUND,
          'No managed settings policy is configured for your organisation.',
        );
      }
      const { settings, checksum } = evaluatePolicy(current.policy, caller);
      const etag = etagOf(checksum);
      const uuid = settingsUuid(current.policyId, checksum);
      reply.header('etag', etag).header('cache-control', SETTINGS_CACHE_CONTROL);
      if (notModified(request.headers['if-none-match'], etag)) return reply.code(304).send();
      if (shape === 'wrapped') return reply.code(200).send({ uuid, checksum, settings });
      return reply
        .code(200)
        .header('x-gatehouse-settings-uuid', uuid)
        .header('x-gatehouse-settings-checksum', checksum)
        .send(settings);
    } catch (error) {
      return sendClientError(reply, error, { requestId: request.id, logger: deps.logger });
    }
  };
}

async function currentDocument(deps: PolicyRouteDeps, caller: Principal): Promise<unknown> {
  return versionView(await requireVersion(deps.store.current(caller.orgId)));
}

async function publish(
  deps: PolicyRouteDeps,
  request: PolicyRequest,
  caller: Principal,
): Promise<unknown> {
  const validation = validatePolicyDocument(request.body);
  if (!validation.ok) {
    const first = validation.issues[0];
    throw new PolicyError(
      PolicyErrorCode.INVALID_DOCUMENT,
      `the managed-settings policy is invalid: ${first?.path}: ${first?.message}` +
        (validation.issues.length > 1 ? ` (and ${validation.issues.length - 1} more)` : ''),
      { issues: validation.issues },
    );
  }
  const result = await deps.store.publish({
    orgId: caller.orgId,
    policy: validation.policy,
    actor: actorOf(caller),
  });
  return { ...versionView(result.version), changed: result.changed };
}

async function listVersions(deps: PolicyRouteDeps, caller: Principal): Promise<unknown> {
  const versions = await deps.store.versions(caller.orgId);
  return {
    versions: versions.map((version) => ({
      policyId: version.policyId,
      version: version.version,
      checksum: version.checksum,
      publishedBy: version.publishedBy,
      createdAt: version.createdAt.toISOString(),
    })),
  };
}

async function oneVersion(
  deps: PolicyRouteDeps,
  request: PolicyRequest,
  caller: Principal,
): Promise<unknown> {
  const raw = stringField(request.params, 'version') ?? '';
  const version = /^[1-9][0-9]{0,8}$/.test(raw) ? Number(raw) : undefined;
  if (version === undefined) {
    throw new PolicyError(PolicyErrorCode.INVALID_QUERY, 'version must be a positive integer');
  }
  return versionView(await requireVersion(deps.store.version(caller.orgId, version)));
}

async function preview(
  deps: PolicyRouteDeps,
  request: PolicyRequest,
  caller: Principal,
): Promise<unknown> {
  const subject = await previewSubject(deps, request.query, caller.orgId);
  const current = await requireVersion(deps.store.current(caller.orgId));
  const evaluated = evaluatePolicy(current.policy, subject);
  return {
    policyId: current.policyId,
    version: current.version,
    subject,
    appliedLayers: evaluated.appliedLayers,
    checksum: evaluated.checksum,
    settings: evaluated.settings,
  };
}

/** `?user=<id>` (groups and roles from the directory) or `?groups=a,b&roles=x,y`. */
async function previewSubject(
  deps: PolicyRouteDeps,
  query: unknown,
  orgId: string,
): Promise<PolicySubject & { userId?: string }> {
  const userId = stringField(query, 'user');
  const groups = listParam(stringField(query, 'groups'));
  const roles = listParam(stringField(query, 'roles'));
  if (userId !== undefined) {
    if (groups.length + roles.length > 0) {
      throw new PolicyError(
        PolicyErrorCode.INVALID_QUERY,
        'preview takes either user=<id> or groups/roles, not both',
      );
    }
    const user = await deps.users.findById(userId);
    // Users of other organisations are reported as unknown: their existence is not the caller's business.
    if (user === undefined || user.orgId !== orgId) {
      throw new PolicyError(PolicyErrorCode.NOT_FOUND, `user ${userId} not found`);
    }
    return { userId, groups: [...user.groups], roles: [...user.roles] };
  }
  if (stringField(query, 'groups') === undefined && stringField(query, 'roles') === undefined) {
    throw new PolicyError(
      PolicyErrorCode.INVALID_QUERY,
      'preview needs user=<id>, or groups=a,b and/or roles=x,y (either may be empty)',
    );
  }
  return { groups, roles };
}

async function requireVersion(pending: Promise<PolicyVersion | undefined>): Promise<PolicyVersion> {
  const version = await pending;
  if (version === undefined) {
    throw new PolicyError(PolicyErrorCode.NOT_FOUND, 'no managed-settings policy version found');
  }
  return version;
}

function versionView(version: PolicyVersion): Record<string, unknown> {
  return {
    policyId: version.policyId,
    version: version.version,
    checksum: version.checksum,
    publishedBy: version.publishedBy,
    createdAt: version.createdAt.toISOString(),
    document: version.policy,
  };
}

function actorOf(caller: Principal): Actor {
  return {
    type: caller.principalType === 'service_account' ? 'service_account' : 'user',
    id: caller.userId,
    email: caller.email,
  };
}

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}

function listParam(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
