import type { DataSource } from 'typeorm';
import type { Clock } from '../directory/clock';
import { DeviceAuthorizationEntity } from './device-authorization.entity';
import { generateDeviceCode, hashDeviceCode, newDeviceAuthorizationId } from './device-code';
import { generateUserCode } from './user-code';

/** Protocol defaults (docs/adr/0014): ten minutes to sign in, polls every five seconds. */
export const DEVICE_CODE_TTL_SECONDS = 600;
export const DEVICE_POLL_INTERVAL_SECONDS = 5;

export interface NewDeviceRequest {
  surface: string | null;
  clientIp: string;
  userAgent: string | null;
}

export interface IssuedDeviceCodes {
  id: string;
  deviceCode: string;
  userCode: string;
  expiresInSeconds: number;
  intervalSeconds: number;
}

/** Who approved a device request (after the IdP sign-in and the directory upsert). */
export interface DeviceApproval {
  userId: string;
  orgId: string;
  email: string | null;
  sessionLifetimeSeconds: number;
  idpId: string | null;
}

const UNIQUE_VIOLATION = '23505';
const USER_CODE_ATTEMPTS = 5;
const MAX_USER_AGENT = 512;

/**
 * Device authorization requests in PostgreSQL, so the client may poll any auth replica and the
 * browser may land on another. State changes are conditional updates (`WHERE status =
 * 'pending'`), so two replicas never both decide one request.
 */
export class DeviceAuthorizationStore {
  constructor(
    readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async create(input: NewDeviceRequest): Promise<IssuedDeviceCodes> {
    const now = this.clock();
    await this.pruneExpired(now);
    const deviceCode = generateDeviceCode();
    for (let attempt = 1; ; attempt += 1) {
      const row: DeviceAuthorizationEntity = {
        id: newDeviceAuthorizationId(),
        deviceCodeHash: hashDeviceCode(deviceCode),
        userCode: generateUserCode(),
        status: 'pending',
        surface: input.surface,
        clientIp: input.clientIp,
        userAgent: input.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
        intervalSeconds: DEVICE_POLL_INTERVAL_SECONDS,
        createdAt: now,
        expiresAt: new Date(now.getTime() + DEVICE_CODE_TTL_SECONDS * 1000),
        lastPolledAt: null,
        decidedAt: null,
        userId: null,
        orgId: null,
        email: null,
        sessionLifetimeSeconds: null,
        idpId: null,
        sessionId: null,
      };
      try {
        await this.dataSource.getRepository(DeviceAuthorizationEntity).insert(row);
        return {
          id: row.id,
          deviceCode,
          userCode: row.userCode,
          expiresInSeconds: DEVICE_CODE_TTL_SECONDS,
          intervalSeconds: DEVICE_POLL_INTERVAL_SECONDS,
        };
      } catch (error) {
        // A live user code was drawn twice (about one in 2^34 per live request): draw again.
        if (!isUniqueViolation(error) || attempt >= USER_CODE_ATTEMPTS) throw error;
      }
    }
  }

  /** The pending, unexpired request with this canonical user code. */
  async findPendingByUserCode(userCode: string): Promise<DeviceAuthorizationEntity | null> {
    const row = await this.dataSource
      .getRepository(DeviceAuthorizationEntity)
      .findOneBy({ userCode, status: 'pending' });
    return row !== null && row.expiresAt.getTime() > this.clock().getTime() ? row : null;
  }

  async findById(id: string): Promise<DeviceAuthorizationEntity | null> {
    return this.dataSource.getRepository(DeviceAuthorizationEntity).findOneBy({ id });
  }

  /** Marks a pending, unexpired request approved. False when it expired or was decided already. */
  async approve(id: string, approval: DeviceApproval): Promise<boolean> {
    return this.decide(id, 'approved', approval);
  }

  /** Marks a pending request denied; the client's next poll gets `access_denied`. */
  async deny(id: string): Promise<boolean> {
    return this.decide(id, 'denied', undefined);
  }

  private async decide(
    id: string,
    status: 'approved' | 'denied',
    approval: DeviceApproval | undefined,
  ): Promise<boolean> {
    const now = this.clock();
    const result = await this.dataSource
      .createQueryBuilder()
      .update(DeviceAuthorizationEntity)
      .set({
        status,
        decidedAt: now,
        userId: approval?.userId ?? null,
        orgId: approval?.orgId ?? null,
        email: approval?.email ?? null,
        sessionLifetimeSeconds: approval?.sessionLifetimeSeconds ?? null,
        idpId: approval?.idpId ?? null,
      })
      .where('id = :id AND status = :pending AND expires_at > :now', { id, pending: 'pending', now })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** Requests expired for over an hour go; the hour keeps late polls answering `expired_token`. */
  private async pruneExpired(now: Date): Promise<void> {
    await this.dataSource.query('DELETE FROM device_authorizations WHERE expires_at < $1', [
      new Date(now.getTime() - 60 * 60 * 1000),
    ]);
  }
}

function isUniqueViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string } } | null)?.driverError;
  return driverError?.code === UNIQUE_VIOLATION;
}
