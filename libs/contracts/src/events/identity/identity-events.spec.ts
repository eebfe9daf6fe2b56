import { sampleEvents } from '../../fixtures';
import { loginV1Schema } from './login.v1';
import { roleMappingChangedV1Schema } from './role-mapping-changed.v1';
import { serviceAccountKeyV1Schema } from './service-account-key.v1';
import { SessionRevokedV1Definition, sessionRevokedV1Schema } from './session-revoked.v1';
import { signingKeyV1Schema } from './signing-key.v1';
import { userChangedV1Schema } from './user-changed.v1';

describe('identity.user_changed v1', () => {
  it('accepts a deleted user without personal data', () => {
    const deleted = sampleEvents.identityUserChanged({
      change: 'deleted',
      status: 'deleted',
      email: null,
      displayName: null,
      externalId: null,
      revision: 7,
    });
    expect(userChangedV1Schema.safeParse(deleted).success).toBe(true);
  });

  it('rejects a deleted user that still carries an email', () => {
    const deleted = sampleEvents.identityUserChanged({
      change: 'deleted',
      status: 'deleted',
      displayName: null,
      externalId: null,
    });
    expect(userChangedV1Schema.safeParse(deleted).success).toBe(false);
  });

  it('rejects a deletion whose status is not deleted', () => {
    const event = sampleEvents.identityUserChanged({
      change: 'deleted',
      email: null,
      displayName: null,
      externalId: null,
    });
    expect(userChangedV1Schema.safeParse(event).success).toBe(false);
  });
});

describe('identity.session_revoked v1', () => {
  it('keys a single-session revocation by the session id', () => {
    const event = sessionRevokedV1Schema.parse(sampleEvents.identitySessionRevoked());
    expect(SessionRevokedV1Definition.key(event)).toBe('ses_example_0001');
  });

  it('keys "revoke all sessions of a user" by user:<id>, with no session id', () => {
    const event = sessionRevokedV1Schema.parse(
      sampleEvents.identitySessionRevoked({
        scope: 'user',
        sessionId: null,
        reason: 'user_deactivated',
      }),
    );
    expect(SessionRevokedV1Definition.key(event)).toBe('user:usr_example_alice');
  });

  it('rejects a session-scope revocation without a session id and a user-scope one with one', () => {
    expect(
      sessionRevokedV1Schema.safeParse(sampleEvents.identitySessionRevoked({ sessionId: null }))
        .success,
    ).toBe(false);
    expect(
      sessionRevokedV1Schema.safeParse(sampleEvents.identitySessionRevoked({ scope: 'user' }))
        .success,
    ).toBe(false);
  });
});

describe('identity.login v1', () => {
  it('accepts a failed login for an unknown subject', () => {
    const failed = sampleEvents.identityLogin({
      outcome: 'failed',
      failureReason: 'user_not_provisioned',
      userId: null,
      orgId: null,
      email: null,
      sessionId: null,
    });
    expect(loginV1Schema.safeParse(failed).success).toBe(true);
  });

  it('requires a failure reason exactly on failure', () => {
    expect(
      loginV1Schema.safeParse(sampleEvents.identityLogin({ failureReason: 'idp_error' })).success,
    ).toBe(false);
    expect(
      loginV1Schema.safeParse(sampleEvents.identityLogin({ outcome: 'failed', sessionId: null }))
        .success,
    ).toBe(false);
  });

  it('requires a session on success', () => {
    expect(loginV1Schema.safeParse(sampleEvents.identityLogin({ sessionId: null })).success).toBe(
      false,
    );
  });
});

describe('identity.signing_key v1', () => {
  it('rejects a JWK that carries a private member', () => {
    const sample = sampleEvents.identitySigningKey();
    const leaked = { ...sample, publicJwk: { ...sample.publicJwk, d: 'private-scalar' } };
    expect(signingKeyV1Schema.safeParse(leaked).success).toBe(false);
  });

  it('rejects a JWK whose kid differs from the event kid', () => {
    const sample = sampleEvents.identitySigningKey();
    expect(
      signingKeyV1Schema.safeParse({
        ...sample,
        publicJwk: { ...sample.publicJwk, kid: 'other-key-0001' },
      }).success,
    ).toBe(false);
  });

  it('rejects a validity window that ends before it starts', () => {
    const event = sampleEvents.identitySigningKey({ notAfter: '2024-01-01T00:00:00Z' });
    expect(signingKeyV1Schema.safeParse(event).success).toBe(false);
  });
});

describe('identity.service_account_key v1', () => {
  it('accepts a rotation that names the replaced key', () => {
    const rotated = sampleEvents.identityServiceAccountKey({
      change: 'rotated',
      rotatedFromKeyId: 'sak_example_0000',
    });
    expect(serviceAccountKeyV1Schema.safeParse(rotated).success).toBe(true);
  });

  it('rejects a rotation without the replaced key and a revocation left active', () => {
    expect(
      serviceAccountKeyV1Schema.safeParse(
        sampleEvents.identityServiceAccountKey({ change: 'rotated' }),
      ).success,
    ).toBe(false);
    expect(
      serviceAccountKeyV1Schema.safeParse(
        sampleEvents.identityServiceAccountKey({ change: 'revoked' }),
      ).success,
    ).toBe(false);
  });

  it('rejects a key field that could carry the secret itself', () => {
    const withSecret = {
      ...sampleEvents.identityServiceAccountKey(),
      key: 'ghk_full_secret_value',
    };
    expect(serviceAccountKeyV1Schema.safeParse(withSecret).success).toBe(false);
  });
});

describe('identity.role_mapping_changed v1', () => {
  it('accepts an update and a deletion with the previous role', () => {
    const updated = sampleEvents.identityRoleMappingChanged({
      change: 'updated',
      role: 'admin',
      previousRole: 'developer',
    });
    const deleted = sampleEvents.identityRoleMappingChanged({
      change: 'deleted',
      role: null,
      previousRole: 'admin',
    });
    expect(roleMappingChangedV1Schema.safeParse(updated).success).toBe(true);
    expect(roleMappingChangedV1Schema.safeParse(deleted).success).toBe(true);
  });

  it('rejects a deletion that still grants a role', () => {
    const deleted = sampleEvents.identityRoleMappingChanged({
      change: 'deleted',
      previousRole: 'developer',
    });
    expect(roleMappingChangedV1Schema.safeParse(deleted).success).toBe(false);
  });
});
