import { GatehouseErrorCode } from '@gatehouse/service-kit';
import { DirectoryError, DirectoryErrorCode } from '../directory/directory-error';
import { AdminError, AdminErrorCode, adminErrorOf, gatehouseCodeOfAdmin } from './admin-error';
import {
  createKeyBody,
  emptyBody,
  parseBody,
  pathParam,
  rotateKeyBody,
} from './admin-request-schemas';

function refusal(work: () => unknown): AdminError {
  try {
    work();
  } catch (error) {
    if (error instanceof AdminError) return error;
    throw error;
  }
  throw new Error('expected an AdminError');
}

describe('admin request parsing', () => {
  it('defaults key scopes to none and rotation grace to zero', () => {
    expect(parseBody(createKeyBody, {})).toEqual({ scopes: [] });
    expect(parseBody(rotateKeyBody, {})).toEqual({ graceSeconds: 0 });
    expect(parseBody(emptyBody, undefined)).toBeUndefined();
  });

  it('names every bad field in the message and in details.issues', () => {
    const error = refusal(() =>
      parseBody(rotateKeyBody, { graceSeconds: -1, scopes: ['ok', 'not ok'], extra: true }),
    );
    expect(error.code).toBe(AdminErrorCode.INVALID_REQUEST);
    expect(error.message).toMatch(/^invalid request: \S+: .+ \(and 2 more\)$/);
    const paths = (error.details?.['issues'] as { path: string }[]).map((issue) => issue.path);
    expect(paths.sort()).toEqual(['(body)', 'graceSeconds', 'scopes.1']);
  });

  it('accepts directory ids as path parameters and refuses anything else', () => {
    expect(pathParam({ keyId: 'sak_0123abc' }, 'keyId')).toBe('sak_0123abc');
    expect(refusal(() => pathParam({ keyId: '../etc' }, 'keyId')).details).toEqual({
      issues: [{ path: 'keyId', message: 'not a valid id' }],
    });
    expect(refusal(() => pathParam(undefined, 'keyId')).code).toBe(AdminErrorCode.INVALID_REQUEST);
  });
});

describe('admin errors', () => {
  it('maps directory refusals to 404, 409 and 400 and leaves other failures alone', () => {
    const codeOf = (code: DirectoryErrorCode) => {
      const mapped = adminErrorOf(new DirectoryError(code, 'x'));
      return mapped instanceof AdminError ? gatehouseCodeOfAdmin(mapped.code) : undefined;
    };
    expect(codeOf(DirectoryErrorCode.NOT_FOUND)).toBe(GatehouseErrorCode.NOT_FOUND);
    expect(codeOf(DirectoryErrorCode.DUPLICATE)).toBe(GatehouseErrorCode.CONFLICT);
    expect(codeOf(DirectoryErrorCode.CREDENTIAL_INACTIVE)).toBe(GatehouseErrorCode.CONFLICT);
    expect(codeOf(DirectoryErrorCode.INVALID_INPUT)).toBe(GatehouseErrorCode.VALIDATION_FAILED);
    const unexpected = new Error('boom');
    expect(adminErrorOf(unexpected)).toBe(unexpected);
  });
});
