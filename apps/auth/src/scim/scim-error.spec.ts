import { DirectoryError, DirectoryErrorCode } from '../directory/directory-error';
import {
  ScimError,
  ScimErrorCode,
  scimErrorBody,
  scimErrorMapping,
  toScimError,
} from './scim-error';

describe('SCIM errors', () => {
  it('answers in the RFC 7644 error shape with the status as a string', () => {
    expect(scimErrorBody(new ScimError(ScimErrorCode.UNIQUENESS, 'userName taken'))).toEqual({
      status: 409,
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '409',
        scimType: 'uniqueness',
        detail: 'userName taken',
      },
    });
    expect(scimErrorBody(new ScimError(ScimErrorCode.NOT_FOUND, 'gone')).body).not.toHaveProperty(
      'scimType',
    );
  });

  it('gives every code a status, and a scimType exactly for the 400s', () => {
    for (const code of Object.values(ScimErrorCode)) {
      const { status, scimType } = scimErrorMapping(code);
      expect([400, 401, 404, 409, 415, 500]).toContain(status);
      expect(scimType !== undefined).toBe(status === 400 || status === 409);
    }
  });

  it('maps directory refusals and unique violations, and hides anything else', () => {
    expect(
      toScimError(new DirectoryError(DirectoryErrorCode.NOT_FOUND, 'user x not found')).code,
    ).toBe(ScimErrorCode.NOT_FOUND);
    expect(toScimError(new DirectoryError(DirectoryErrorCode.EMAIL_TAKEN, 'taken')).code).toBe(
      ScimErrorCode.UNIQUENESS,
    );
    expect(toScimError({ driverError: { code: '23505' } }).code).toBe(ScimErrorCode.UNIQUENESS);
    const internal = toScimError(new Error('connection to 10.0.0.5 refused, password=hunter2'));
    expect(internal.code).toBe(ScimErrorCode.INTERNAL);
    expect(internal.message).not.toContain('hunter2');
  });
});
