import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, base64url (43 characters): opaque to the client, single use. */
export function generateDeviceCode(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this is stored: a database leak does not hand out pending sign-ins. */
export function hashDeviceCode(deviceCode: string): string {
  return `sha256:${createHash('sha256').update(deviceCode).digest('hex')}`;
}

/** `dev_` + 128 random bits: the row id the login transaction refers to (never shown to clients). */
export function newDeviceAuthorizationId(): string {
  return `dev_${randomBytes(16).toString('hex')}`;
}
