import type {
  AuditRecordV1,
  BudgetAlertV1,
  BudgetStateV1,
  LoginV1,
  McpToolCallV1,
  PolicySnapshotV1,
  RequestCompletedV1,
  RoleMappingChangedV1,
  ServiceAccountKeyV1,
  SessionRevokedV1,
  SigningKeyV1,
  UserChangedV1,
} from './events';
import type { Topics } from './topics';

/*
 * Example events for tests and local demos: realistic, valid, and obviously fake (example.com
 * emails, documentation IP ranges, `example` in every id). Each builder returns a fresh object with
 * fixed defaults, so keys and docs stay deterministic; pass overrides to vary it. Builders do not
 * validate, so a test can also build a deliberately invalid event from them.
 */

/** Payload type of each topic, keyed like `Topics`. */
export interface EventByTopicKey {
  usageRequestCompleted: RequestCompletedV1;
  identityUserChanged: UserChangedV1;
  identitySessionRevoked: SessionRevokedV1;
  identityLogin: LoginV1;
  identitySigningKey: SigningKeyV1;
  identityServiceAccountKey: ServiceAccountKeyV1;
  identityRoleMappingChanged: RoleMappingChangedV1;
  budgetState: BudgetStateV1;
  budgetAlert: BudgetAlertV1;
  policySnapshot: PolicySnapshotV1;
  auditRecord: AuditRecordV1;
  mcpToolCall: McpToolCallV1;
}

export type SampleEventBuilders = {
  readonly [K in keyof typeof Topics]: (
    overrides?: Partial<EventByTopicKey[K]>,
  ) => EventByTopicKey[K];
};

const EXAMPLE_TIME = '2025-01-15T10:00:00.000Z';
const EXAMPLE_USER = 'usr_example_alice';
const EXAMPLE_TEAM = 'team_example_platform';
const EXAMPLE_ORG = 'org_example_acme';
const EXAMPLE_ADMIN = {
  type: 'user',
  id: 'usr_example_admin',
  email: 'admin@example.com',
} as const;
const EXAMPLE_HASH = `sha256:${'ab'.repeat(32)}`;

export const sampleEvents: SampleEventBuilders = {
  usageRequestCompleted: (overrides = {}) => {
    const requestId = overrides.requestId ?? 'req_example_0001';
    return {
      type: 'usage.request_completed',
      version: 1,
      id: requestId,
      occurredAt: '2025-01-15T10:00:04.250Z',
      requestId,
      principalType: 'user',
      userId: EXAMPLE_USER,
      teamId: EXAMPLE_TEAM,
      orgId: EXAMPLE_ORG,
      roles: ['developer'],
      email: 'alice@example.com',
      modelRequested: 'claude-sonnet-4-5',
      modelServed: 'claude-sonnet-4-5-20250929',
      provider: 'anthropic',
      upstreamId: 'anthropic-example-primary',
      upstreamRequestId: 'req_011CExampleUpstream',
      stream: true,
      usage: {
        inputTokens: 1_250,
        outputTokens: 420,
        cacheReadInputTokens: 18_000,
        cacheCreation5mInputTokens: 2_000,
        cacheCreation1hInputTokens: 0,
        webSearchRequests: 0,
        webFetchRequests: 0,
      },
      costMicroUsd: 22_950,
      pricingVersion: '2025-01-01',
      latencyMs: 4_250,
      ttftMs: 610,
      httpStatus: 200,
      errorType: null,
      stopReason: 'end_turn',
      clientAborted: false,
      claudeCodeSessionId: 'example-cc-session-0001',
      userAgent: 'claude-cli/2.0.0 (external, cli)',
      clientIp: '203.0.113.10',
      startedAt: EXAMPLE_TIME,
      completedAt: '2025-01-15T10:00:04.250Z',
      ...overrides,
    };
  },
  identityUserChanged: (overrides = {}) => ({
    type: 'identity.user_changed',
    version: 1,
    id: 'evt_example_user_changed_0001',
    occurredAt: EXAMPLE_TIME,
    userId: EXAMPLE_USER,
    orgId: EXAMPLE_ORG,
    change: 'provisioned',
    source: 'scim',
    actor: { type: 'scim', id: 'scim_example_okta', email: null },
    revision: 1,
    status: 'active',
    externalId: '00uexample1234',
    email: 'alice@example.com',
    displayName: 'Alice Example',
    teamIds: [EXAMPLE_TEAM],
    groups: ['eng-platform'],
    roles: ['developer'],
    ...overrides,
  }),
  identitySessionRevoked: (overrides = {}) => ({
    type: 'identity.session_revoked',
    version: 1,
    id: 'evt_example_session_revoked_0001',
    occurredAt: EXAMPLE_TIME,
    scope: 'session',
    sessionId: 'ses_example_0001',
    userId: EXAMPLE_USER,
    orgId: EXAMPLE_ORG,
    reason: 'logout',
    actor: { type: 'user', id: EXAMPLE_USER, email: 'alice@example.com' },
    revokedBefore: EXAMPLE_TIME,
    expiresAt: '2025-01-16T10:00:00.000Z',
    ...overrides,
  }),
  identityLogin: (overrides = {}) => ({
    type: 'identity.login',
    version: 1,
    id: 'evt_example_login_0001',
    occurredAt: EXAMPLE_TIME,
    outcome: 'succeeded',
    method: 'oidc_loopback_pkce',
    failureReason: null,
    userId: EXAMPLE_USER,
    orgId: EXAMPLE_ORG,
    email: 'alice@example.com',
    idpId: 'idp_example_okta',
    sessionId: 'ses_example_0001',
    clientIp: '2001:db8::10',
    userAgent: 'gatehouse-cli/0.1.0',
    ...overrides,
  }),
  identitySigningKey: (overrides = {}) => ({
    type: 'identity.signing_key',
    version: 1,
    id: 'evt_example_signing_key_0001',
    occurredAt: EXAMPLE_TIME,
    kid: 'example-key-2025-01',
    status: 'active',
    publicJwk: {
      kty: 'EC',
      kid: 'example-key-2025-01',
      alg: 'ES256',
      use: 'sig',
      crv: 'P-256',
      x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
      y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
    },
    notBefore: EXAMPLE_TIME,
    notAfter: '2025-04-15T10:00:00.000Z',
    ...overrides,
  }),
  identityServiceAccountKey: (overrides = {}) => ({
    type: 'identity.service_account_key',
    version: 1,
    id: 'evt_example_sa_key_0001',
    occurredAt: EXAMPLE_TIME,
    keyId: 'sak_example_0001',
    serviceAccountId: 'sa_example_ci',
    orgId: EXAMPLE_ORG,
    teamId: EXAMPLE_TEAM,
    change: 'created',
    status: 'active',
    keyPrefix: 'ghk_exam',
    keyHash: EXAMPLE_HASH,
    rotatedFromKeyId: null,
    expiresAt: null,
    actor: EXAMPLE_ADMIN,
    ...overrides,
  }),
  identityRoleMappingChanged: (overrides = {}) => ({
    type: 'identity.role_mapping_changed',
    version: 1,
    id: 'evt_example_role_mapping_0001',
    occurredAt: EXAMPLE_TIME,
    mappingId: 'rm_example_0001',
    orgId: EXAMPLE_ORG,
    change: 'created',
    idpGroup: 'eng-platform',
    role: 'developer',
    previousRole: null,
    actor: EXAMPLE_ADMIN,
    ...overrides,
  }),
  budgetState: (overrides = {}) => ({
    type: 'budget.state',
    version: 1,
    id: 'evt_example_budget_state_0001',
    occurredAt: EXAMPLE_TIME,
    subject: `user:${EXAMPLE_USER}`,
    budgetId: 'bud_example_0001',
    period: 'month',
    capMicroUsd: 200_000_000,
    spentMicroUsd: 161_500_000,
    warningThresholdPercent: 80,
    windowStart: '2025-01-01T00:00:00.000Z',
    windowEnd: '2025-02-01T00:00:00.000Z',
    status: 'warning',
    revision: 42,
    ...overrides,
  }),
  budgetAlert: (overrides = {}) => ({
    type: 'budget.alert',
    version: 1,
    id: 'bud_example_0001:2025-01-01T00:00:00.000Z:80',
    occurredAt: EXAMPLE_TIME,
    subject: `user:${EXAMPLE_USER}`,
    budgetId: 'bud_example_0001',
    period: 'month',
    thresholdPercent: 80,
    capMicroUsd: 200_000_000,
    spentMicroUsd: 161_500_000,
    windowStart: '2025-01-01T00:00:00.000Z',
    windowEnd: '2025-02-01T00:00:00.000Z',
    statusAfter: 'warning',
    ...overrides,
  }),
  policySnapshot: (overrides = {}) => ({
    type: 'policy.snapshot',
    version: 1,
    id: 'pol_example_0001@3',
    occurredAt: EXAMPLE_TIME,
    policyId: 'pol_example_0001',
    orgId: EXAMPLE_ORG,
    policyVersion: 3,
    status: 'active',
    appliesToGroups: ['eng-platform'],
    priority: 100,
    document: {
      permissions: { deny: ['WebFetch'] },
      model: 'claude-sonnet-4-5',
      cleanupPeriodDays: 30,
    },
    checksum: EXAMPLE_HASH,
    publishedBy: EXAMPLE_ADMIN,
    ...overrides,
  }),
  auditRecord: (overrides = {}) => ({
    type: 'audit.record',
    version: 1,
    id: 'evt_example_audit_0001',
    occurredAt: EXAMPLE_TIME,
    orgId: EXAMPLE_ORG,
    sourceService: 'auth',
    actor: EXAMPLE_ADMIN,
    actorIp: '198.51.100.7',
    actorUserAgent: 'Mozilla/5.0 (example)',
    action: 'user.deactivate',
    target: { type: 'user', id: EXAMPLE_USER, email: 'alice@example.com' },
    outcome: 'success',
    reason: null,
    requestId: 'req_example_admin_0001',
    metadata: { ticket: 'EXAMPLE-123', sessionsRevoked: 2 },
    ...overrides,
  }),
  mcpToolCall: (overrides = {}) => ({
    type: 'mcp.tool_call',
    version: 1,
    id: 'evt_example_mcp_0001',
    occurredAt: EXAMPLE_TIME,
    serverId: 'mcp_example_github',
    toolName: 'search_issues',
    userId: EXAMPLE_USER,
    teamId: EXAMPLE_TEAM,
    orgId: EXAMPLE_ORG,
    claudeCodeSessionId: 'example-cc-session-0001',
    outcome: 'succeeded',
    denialReason: null,
    latencyMs: 830,
    argumentsSizeBytes: 74,
    argumentsDigest: `hmac-sha256:${'cd'.repeat(32)}`,
    resultSizeBytes: 5_120,
    clientIp: '203.0.113.10',
    ...overrides,
  }),
};
