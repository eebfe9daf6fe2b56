import type { z } from 'zod';
import { fieldMetadata } from './field-metadata';

export const REDACTED = '[redacted]';

/**
 * A copy of a loaded config that is safe to log: secret fields become `[redacted]` and the
 * password part of URLs is masked. Unset secrets stay unset, so the log still shows whether one
 * was configured.
 */
export function redactConfig<S extends z.ZodObject>(
  schema: S,
  config: z.output<S>,
): Record<string, unknown> {
  const values = config as Record<string, unknown>;
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const field = schema.shape[key] as z.ZodType | undefined;
    const metadata = field ? fieldMetadata(field) : { secret: true };
    if (metadata.secret) safe[key] = value === undefined || value === '' ? value : REDACTED;
    else if (metadata.credentialsInUrl && typeof value === 'string')
      safe[key] = maskUrlPassword(value);
    else safe[key] = value;
  }
  return safe;
}

/** `postgres://app:s3cret@db/x` → `postgres://app:[redacted]@db/x`; other strings unchanged. */
export function maskUrlPassword(value: string): string {
  const parsed = URL.parse(value);
  if (parsed === null || parsed.password === '') return value;
  parsed.password = 'REDACTED';
  return parsed.toString().replace(':REDACTED@', `:${REDACTED}@`);
}
