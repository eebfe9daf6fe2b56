import { assertUnreachable } from '@gatehouse/service-kit';
import { DirectoryError, DirectoryErrorCode } from '../directory/directory-error';
import { SCIM_ERROR_SCHEMA } from './scim-schemas';

/** Why a SCIM request was refused; docs/scim.md lists each with what the IdP admin can do. */
export enum ScimErrorCode {
  /** No bearer token, or not the configured one (or SCIM is not enabled). */
  UNAUTHORIZED = 'SCIM_UNAUTHORIZED',
  /** The user or group does not exist (deleted users count as gone). */
  NOT_FOUND = 'SCIM_NOT_FOUND',
  /** userName, email, group displayName or externalId already belongs to another resource. */
  UNIQUENESS = 'SCIM_UNIQUENESS',
  /** The `filter` parameter does not parse or names an attribute we cannot filter on. */
  INVALID_FILTER = 'SCIM_INVALID_FILTER',
  /** The body is not JSON or not a SCIM message of the expected shape. */
  INVALID_SYNTAX = 'SCIM_INVALID_SYNTAX',
  /** An attribute has a value of the wrong type or form (e.g. an email that is not one). */
  INVALID_VALUE = 'SCIM_INVALID_VALUE',
  /** A PATCH path does not parse. */
  INVALID_PATH = 'SCIM_INVALID_PATH',
  /** A PATCH `remove` needs a path, or a path filter matched nothing it may change. */
  NO_TARGET = 'SCIM_NO_TARGET',
  /** The attribute is read-only (`id`, `meta`). */
  MUTABILITY = 'SCIM_MUTABILITY',
  /** The body is neither application/scim+json nor application/json. */
  UNSUPPORTED_MEDIA_TYPE = 'SCIM_UNSUPPORTED_MEDIA_TYPE',
  /** A bug or a dependency failure; details are in the auth service log. */
  INTERNAL = 'SCIM_INTERNAL',
}

/** The RFC 7644 §3.12 `scimType` and HTTP status of each code. */
export interface ScimErrorMapping {
  status: number;
  scimType: string | undefined;
}

export function scimErrorMapping(code: ScimErrorCode): ScimErrorMapping {
  switch (code) {
    case ScimErrorCode.UNAUTHORIZED:
      return { status: 401, scimType: undefined };
    case ScimErrorCode.NOT_FOUND:
      return { status: 404, scimType: undefined };
    case ScimErrorCode.UNIQUENESS:
      return { status: 409, scimType: 'uniqueness' };
    case ScimErrorCode.INVALID_FILTER:
      return { status: 400, scimType: 'invalidFilter' };
    case ScimErrorCode.INVALID_SYNTAX:
      return { status: 400, scimType: 'invalidSyntax' };
    case ScimErrorCode.INVALID_VALUE:
      return { status: 400, scimType: 'invalidValue' };
    case ScimErrorCode.INVALID_PATH:
      return { status: 400, scimType: 'invalidPath' };
    case ScimErrorCode.NO_TARGET:
      return { status: 400, scimType: 'noTarget' };
    case ScimErrorCode.MUTABILITY:
      return { status: 400, scimType: 'mutability' };
    case ScimErrorCode.UNSUPPORTED_MEDIA_TYPE:
      return { status: 415, scimType: undefined };
    case ScimErrorCode.INTERNAL:
      return { status: 500, scimType: undefined };
    default:
      return assertUnreachable(code);
  }
}

export class ScimError extends Error {
  override readonly name = 'ScimError';

  constructor(
    readonly code: ScimErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The RFC 7644 §3.12 error body: `status` is a string, `scimType` only where the RFC has one. */
export interface ScimErrorBody {
  schemas: [typeof SCIM_ERROR_SCHEMA];
  status: string;
  scimType?: string;
  detail: string;
}

export function scimErrorBody(error: ScimError): { status: number; body: ScimErrorBody } {
  const mapping = scimErrorMapping(error.code);
  const body: ScimErrorBody = {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(mapping.status),
    detail: error.message,
  };
  if (mapping.scimType !== undefined) body.scimType = mapping.scimType;
  return { status: mapping.status, body };
}

/**
 * Maps what the directory refuses onto SCIM errors; anything else is not ours to explain to the
 * IdP and becomes INTERNAL (the caller logs the cause).
 */
export function toScimError(error: unknown): ScimError {
  if (error instanceof ScimError) return error;
  if (error instanceof DirectoryError) {
    switch (error.code) {
      case DirectoryErrorCode.NOT_FOUND:
        return new ScimError(ScimErrorCode.NOT_FOUND, error.message);
      case DirectoryErrorCode.EMAIL_TAKEN:
      case DirectoryErrorCode.DUPLICATE:
        return new ScimError(ScimErrorCode.UNIQUENESS, error.message);
      case DirectoryErrorCode.INVALID_INPUT:
        return new ScimError(ScimErrorCode.INVALID_VALUE, error.message);
      case DirectoryErrorCode.USER_INACTIVE:
      case DirectoryErrorCode.CREDENTIAL_INACTIVE:
        return new ScimError(ScimErrorCode.INTERNAL, 'the directory refused the change');
      default:
        return assertUnreachable(error.code);
    }
  }
  if (isUniqueViolation(error)) {
    return new ScimError(
      ScimErrorCode.UNIQUENESS,
      'another resource already has this userName, email, externalId or displayName',
    );
  }
  return new ScimError(
    ScimErrorCode.INTERNAL,
    'internal error; see the Gatehouse auth service log',
  );
}

/** PostgreSQL's unique_violation, which a race past our own uniqueness checks ends in. */
function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const direct = (error as { code?: unknown }).code;
  const driver = (error as { driverError?: { code?: unknown } }).driverError?.code;
  return direct === '23505' || driver === '23505';
}
