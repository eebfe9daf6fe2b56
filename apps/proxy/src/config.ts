import { bool, durationMs, integer, kafkaBrokers, secret, url } from '@gatehouse/config';
import { Topics } from '@gatehouse/contracts';
import { serviceConfigShape } from '@gatehouse/service-kit';
import { z } from 'zod';

const MIB = 1024 * 1024;

/** Environment of the proxy (data plane); docs/proxy.md explains every variable. */
export const proxyConfigSchema = z.object({
  ...serviceConfigShape({ port: 4000 }),
  KAFKA_BROKERS: kafkaBrokers(),
  KAFKA_TOPIC_PARTITIONS: integer({ min: 1, max: 1000, example: '6' }).default(6),
  KAFKA_REPLICATION_FACTOR: integer({ min: 1, max: 10, example: '3' }).default(1),
  /** Topic the usage events go to; tests point it at a throwaway topic. */
  USAGE_TOPIC: z.string().trim().min(1).default(Topics.usageRequestCompleted),

  /** Disk journal for usage events while Kafka is unavailable; one directory per process. */
  USAGE_JOURNAL_DIR: z.string().trim().min(1).default('.gatehouse/proxy-journal'),
  /**
   * Where the Kafka producer and the disk journal run: `inline` on the request thread, or `worker`
   * on a worker thread at lower priority — a shorter latency tail and more requests per core for
   * about 75 MB more RSS per process (ADR 0019, docs/proxy.md).
   */
  USAGE_PUBLISHER: z.enum(['inline', 'worker']).default('worker'),
  /**
   * How the usage worker thread yields the core: `adaptive` runs it SCHED_IDLE while it keeps up and
   * at nice 5 while it is behind (needs chrt and CAP_SYS_NICE or RLIMIT_NICE >= 15, else it stays
   * at nice 5 and says why at start); `nice` always nice 5 (ADR 0019).
   */
  USAGE_WORKER_SCHEDULING: z.enum(['adaptive', 'nice']).default('adaptive'),
  /**
   * How Node's helper threads (V8's compiler and GC helpers) share the core: `normal` leaves them
   * alone; `adaptive` gives them nice 5 and runs them SCHED_IDLE while the request thread has
   * headroom, with normal scheduling back while it is saturated (same needs as above), which
   * shortens the latency tail at moderate load (ADR 0022, docs/proxy.md).
   */
  HELPER_THREAD_SCHEDULING: z.enum(['normal', 'adaptive']).default('adaptive'),

  /** Price file (JSON, libs/pricing's schema) layered over the built-in Anthropic list prices. */
  GATEHOUSE_PRICES_FILE: z.string().trim().min(1).optional(),
  /** Routing file (JSON); without it every model goes to the Anthropic API below. */
  GATEHOUSE_ROUTES_FILE: z.string().trim().min(1).optional(),
  UPSTREAM_ANTHROPIC_BASE_URL: url({ protocols: ['http', 'https'], example: 'https://api.anthropic.com' }).default(
    'https://api.anthropic.com',
  ),
  /** Organisation key used towards the Anthropic API; developers never see it. */
  UPSTREAM_ANTHROPIC_API_KEY: secret(z.string().trim().min(1)).optional(),

  /** Caller authentication: the auth service's JWKS URL, or the dev signer's jwks.json file. */
  GATEHOUSE_JWKS_URL: url({ protocols: ['http', 'https'], example: 'http://127.0.0.1:4001/.well-known/jwks.json' }).optional(),
  GATEHOUSE_JWKS_FILE: z.string().trim().min(1).optional(),
  /** The auth service's base URL (the `iss` of its tokens; also the dev signer's). */
  GATEHOUSE_TOKEN_ISSUER: z.string().trim().min(1).default('http://127.0.0.1:4001'),
  GATEHOUSE_TOKEN_AUDIENCE: z.string().trim().min(1).default('gatehouse'),
  /**
   * Revocations, service account keys and signing keys from the compacted identity topics. `off`
   * is for tests that run a proxy without identity events; production keeps it on.
   */
  PROXY_IDENTITY_STATE: z.enum(['on', 'off']).default('on'),

  /** The auth service, which the proxy fronts for sign-in, SCIM and admin paths (docs/proxy.md). */
  AUTH_SERVICE_URL: url({ protocols: ['http', 'https'], example: 'http://127.0.0.1:4001' }).default('http://127.0.0.1:4001'),

  /** Largest request body accepted; larger ones get 413 `request_too_large`. */
  PROXY_BODY_LIMIT_BYTES: integer({ min: 1024, max: 1024 * MIB, example: String(32 * MIB) }).default(32 * MIB),
  /** Refuse bodies sent without Content-Length (411); Claude Code and the SDKs always send it. */
  PROXY_REQUIRE_CONTENT_LENGTH: bool().default(false),
  /** One info-level access line per request; off leaves only debug lines. */
  PROXY_ACCESS_LOG: bool().default(true),

  /** Time to the upstream's response headers (first byte) before failing over. */
  UPSTREAM_HEADERS_TIMEOUT_MS: durationMs().default(60_000),
  /** Longest silence between two body chunks of an upstream response. */
  UPSTREAM_BODY_TIMEOUT_MS: durationMs().default(300_000),
  UPSTREAM_CONNECT_TIMEOUT_MS: durationMs().default(5_000),
  /** Keep-alive connections per upstream endpoint. */
  UPSTREAM_CONNECTIONS: integer({ min: 1, max: 100_000, example: '256' }).default(256),
  /** A `retry-after` up to this long is waited out on the same upstream; a longer one fails over. */
  UPSTREAM_RETRY_AFTER_MAX_WAIT_MS: durationMs().default(1_000),
  /** Silent gap after which the proxy sends its own `event: ping` on upstreams that send none. */
  STREAM_KEEPALIVE_PING_MS: durationMs().default(10_000),

  /** Consecutive failures that open an upstream's circuit. */
  CIRCUIT_FAILURE_THRESHOLD: integer({ min: 1, max: 10_000, example: '5' }).default(5),
  /** How long an open circuit refuses requests before one probe is let through. */
  CIRCUIT_OPEN_MS: durationMs().default(30_000),
});

export type ProxyConfig = z.output<typeof proxyConfigSchema>;
