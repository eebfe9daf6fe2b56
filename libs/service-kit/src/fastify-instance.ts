import type { FastifyAdapter } from '@nestjs/platform-fastify';

/**
 * The Fastify instance behind Nest's adapter. Nest ships its own copy of Fastify, so the type is
 * taken from the adapter rather than from the top-level `fastify` package to stay in step with it.
 */
export type ServiceFastify =
  FastifyAdapter extends FastifyAdapter<
    infer _S,
    infer _Q,
    infer _R,
    infer _FQ,
    infer _FR,
    infer TInstance
  >
    ? TInstance
    : never;
