import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Logger } from '@gatehouse/observability';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from './error-response';

/** Answers every error thrown in a Nest handler with the shared error body and logs the unexpected ones. */
@Catch()
export class GatehouseExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const response = toErrorResponse(exception, request.id);
    if (response.unexpected) {
      this.logger.error(
        {
          err: exception,
          requestId: request.id,
          method: request.method,
          route: request.routeOptions.url,
        },
        'request failed',
      );
    }
    void reply.status(response.status).send(response.body);
  }
}
