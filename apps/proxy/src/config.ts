import { kafkaBrokers, secret } from '@gatehouse/config';
import { serviceConfigShape } from '@gatehouse/service-kit';
import { z } from 'zod';

/** Environment of the proxy (data plane); docs/configuration.md lists every variable. */
export const proxyConfigSchema = z.object({
  ...serviceConfigShape({ port: 4000 }),
  KAFKA_BROKERS: kafkaBrokers(),
  /** Organisation key used towards the Anthropic API; developers never see it. */
  UPSTREAM_ANTHROPIC_API_KEY: secret(z.string().trim().min(1)).optional(),
});

export type ProxyConfig = z.output<typeof proxyConfigSchema>;
