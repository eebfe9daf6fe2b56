import { HttpException, NotFoundException } from '@nestjs/common';
import { toErrorResponse } from './error-response';
import {
  GatehouseError,
  GatehouseErrorCode,
  codeForHttpStatus,
  httpStatusOf,
} from './gatehouse-error';

describe('httpStatusOf', () => {
  it.each([
    [GatehouseErrorCode.VALIDATION_FAILED, 400],
    [GatehouseErrorCode.UNAUTHENTICATED, 401],
    [GatehouseErrorCode.FORBIDDEN, 403],
    [GatehouseErrorCode.NOT_FOUND, 404],
    [GatehouseErrorCode.CONFLICT, 409],
    [GatehouseErrorCode.PAYLOAD_TOO_LARGE, 413],
    [GatehouseErrorCode.RATE_LIMITED, 429],
    [GatehouseErrorCode.INTERNAL, 500],
    [GatehouseErrorCode.DEPENDENCY_UNAVAILABLE, 503],
    [GatehouseErrorCode.SHUTTING_DOWN, 503],
  ])('maps %s to %i', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
    expect(new GatehouseError(code, 'm').httpStatus).toBe(status);
  });

  it('throws for a value outside the enum instead of guessing', () => {
    expect(() => httpStatusOf('BOGUS' as GatehouseErrorCode)).toThrow('unreachable');
  });

  it('maps framework statuses back to codes', () => {
    expect(codeForHttpStatus(404)).toBe(GatehouseErrorCode.NOT_FOUND);
    expect(codeForHttpStatus(413)).toBe(GatehouseErrorCode.PAYLOAD_TOO_LARGE);
    expect(codeForHttpStatus(418)).toBe(GatehouseErrorCode.VALIDATION_FAILED);
    expect(codeForHttpStatus(502)).toBe(GatehouseErrorCode.INTERNAL);
  });
});

describe('toErrorResponse', () => {
  it('answers a GatehouseError with its code, message and details', () => {
    const error = new GatehouseError(GatehouseErrorCode.CONFLICT, 'Group already exists.', {
      details: { group: 'eng' },
    });
    expect(toErrorResponse(error, 'req-1')).toEqual({
      status: 409,
      body: {
        error: {
          code: 'CONFLICT',
          message: 'Group already exists.',
          requestId: 'req-1',
          details: { group: 'eng' },
        },
      },
      unexpected: false,
    });
  });

  it('keeps Nest and Fastify client errors readable', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /x')).body.error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Cannot GET /x',
    });
    const bodyTooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413 });
    expect(toErrorResponse(bodyTooLarge).status).toBe(413);
  });

  it('hides the message of unexpected errors and flags them for logging', () => {
    const response = toErrorResponse(
      new Error('connection string postgres://u:p@db leaked'),
      'req-2',
    );
    expect(response.status).toBe(500);
    expect(response.unexpected).toBe(true);
    expect(JSON.stringify(response.body)).not.toContain('postgres://');
    expect(toErrorResponse(new HttpException('upstream', 502)).unexpected).toBe(true);
  });
});
