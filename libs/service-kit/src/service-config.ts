import {
  bool,
  commaList,
  durationMs,
  integer,
  logLevel,
  port,
  url,
  type LogLevel,
} from '@gatehouse/config';
import { z } from 'zod';
import { invalidTrustedProxies } from './client-address';

/** Settings every service reads, whatever else it needs. */
export interface ServiceBaseConfig {
  PORT: number;
  HOST: string;
  LOG_LEVEL: LogLevel;
  LOG_PRETTY: boolean;
  SHUTDOWN_TIMEOUT_MS: number;
  READINESS_TIMEOUT_MS: number;
  LISTEN_BACKLOG: number;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  TRUSTED_PROXIES: string[];
}

/**
 * Default `LISTEN_BACKLOG`: connections the kernel queues before a service accepts them (capped by
 * `net.core.somaxconn`). Node's 511 overflows when thousands of clients connect at once, as they
 * do after a gateway restart: the kernel drops their handshakes and each retries after 1 s, then
 * 3 s.
 */
export const DEFAULT_LISTEN_BACKLOG = 4_096;

/**
 * The shape of the settings every service shares; a service spreads it into its own schema:
 * `z.object({ ...serviceConfigShape({ port: 4002 }), DATABASE_URL: url() })`.
 */
export function serviceConfigShape(defaults: { port: number }) {
  return {
    PORT: port().default(defaults.port),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    LOG_LEVEL: logLevel().default('info'),
    LOG_PRETTY: bool().default(false),
    SHUTDOWN_TIMEOUT_MS: durationMs().default(10_000),
    READINESS_TIMEOUT_MS: durationMs().default(3_000),
    LISTEN_BACKLOG: integer({ min: 1, max: 65_535, example: '4096' }).default(
      DEFAULT_LISTEN_BACKLOG,
    ),
    OTEL_EXPORTER_OTLP_ENDPOINT: url({
      protocols: ['http', 'https'],
      example: 'http://127.0.0.1:4318',
    }).optional(),
    /**
     * Proxies whose `X-Forwarded-For` names the client (comma-separated addresses, CIDR ranges or
     * `loopback`); empty trusts none. Auth behind the gateway lists the gateway's addresses, so
     * rate limits and audit records see each developer's address, not the gateway's.
     */
    TRUSTED_PROXIES: commaList('10.0.0.0/8,127.0.0.1').superRefine((list, ctx) => {
      const reason = invalidTrustedProxies(list);
      if (reason !== undefined)
        ctx.addIssue({
          code: 'custom',
          message: `${reason}; expected addresses or CIDR ranges, e.g. 10.0.0.0/8,127.0.0.1`,
        });
    }),
  };
}
