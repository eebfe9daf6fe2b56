import type { Clock } from '../directory/clock';
import type { SessionStore } from '../directory/session-store';
import type { DeviceCodeGrant, TokenGrantOutcome } from '../oauth/token-grant';
import { DeviceAuthorizationEntity } from './device-authorization.entity';
import type { DeviceAuthorizationStore } from './device-authorization-store';
import { hashDeviceCode } from './device-code';
import { decideExchange } from './device-exchange-decision';

export interface PostgresDeviceCodeGrantDeps {
  devices: DeviceAuthorizationStore;
  sessions: SessionStore;
  clock: Clock;
}

/**
 * The token endpoint's device_code grant. The session is created here, at the one successful
 * exchange, in the same transaction that marks the request consumed: the refresh token then
 * never has to be stored anywhere to wait for the client (docs/adr/0014).
 */
export class PostgresDeviceCodeGrant implements DeviceCodeGrant {
  constructor(private readonly deps: PostgresDeviceCodeGrantDeps) {}

  exchange(deviceCode: string): Promise<TokenGrantOutcome> {
    return this.deps.devices.dataSource.transaction(async (tx) => {
      const now = this.deps.clock();
      const repository = tx.getRepository(DeviceAuthorizationEntity);
      const request = await repository.findOne({
        where: { deviceCodeHash: hashDeviceCode(deviceCode) },
        lock: { mode: 'pessimistic_write' },
      });
      const decision = decideExchange(request ?? undefined, now);
      if (decision.kind === 'refuse') {
        if (request !== null && decision.update !== undefined) {
          await repository.update({ id: request.id }, decision.update);
        }
        return { ok: false, error: decision.error, description: decision.description, status: 400 };
      }
      if (request === null || request.userId === null || request.orgId === null) {
        return { ok: false, error: 'invalid_grant', description: 'The device request has no approving user.', status: 400 };
      }
      // The person may have been deactivated between approving in the browser and this poll.
      const [user] = (await tx.query('SELECT status FROM users WHERE id = $1', [request.userId])) as { status: string }[];
      if (user?.status !== 'active') {
        await repository.update({ id: request.id }, { status: 'consumed' });
        return { ok: false, error: 'access_denied', description: 'The account that approved this sign-in is no longer active.', status: 400 };
      }
      const issued = await this.deps.sessions.createSession(
        {
          user: { id: request.userId, orgId: request.orgId, email: request.email },
          lifetimeSeconds: request.sessionLifetimeSeconds ?? 0,
          clientSurface: request.surface ?? 'device',
          method: 'device_grant',
          idpId: request.idpId,
          clientIp: request.clientIp,
          userAgent: request.userAgent,
        },
        tx,
      );
      await repository.update({ id: request.id }, { status: 'consumed', sessionId: issued.session.id });
      return {
        ok: true,
        sessionId: issued.session.id,
        userId: request.userId,
        refreshToken: issued.refreshToken,
        email: request.email,
      };
    });
  }
}
