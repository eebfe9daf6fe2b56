/** SASL credentials. `password` is a secret: it is never logged (see describeKafkaConfig). */
export interface KafkaSaslConfig {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
}

/** TLS towards the brokers. `true` uses the system trust store. */
export type KafkaSslConfig = boolean | { ca?: string[]; rejectUnauthorized?: boolean };

export interface KafkaConfig {
  /** host:port pairs of the bootstrap brokers. */
  brokers: readonly string[];
  /** Identifies this service in broker logs and quotas, e.g. `gatehouse-proxy`. */
  clientId: string;
  ssl?: KafkaSslConfig;
  sasl?: KafkaSaslConfig;
  /** How long to wait for a TCP/TLS connection to a broker. */
  connectionTimeoutMs?: number;
  /** How long to wait for a broker to answer one request. */
  requestTimeoutMs?: number;
}

export const DEFAULT_CONNECTION_TIMEOUT_MS = 3_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** A description of the config that is safe to log: credentials are reduced to their presence. */
export function describeKafkaConfig(config: KafkaConfig): Record<string, unknown> {
  return {
    brokers: [...config.brokers],
    clientId: config.clientId,
    ssl: config.ssl === undefined ? false : config.ssl !== false,
    sasl: config.sasl
      ? { mechanism: config.sasl.mechanism, username: config.sasl.username, password: '[redacted]' }
      : false,
    connectionTimeoutMs: config.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    requestTimeoutMs: config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  };
}
