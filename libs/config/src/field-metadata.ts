import { z } from 'zod';

/** What the loader and the redactor need to know about one config field beyond its schema. */
export interface FieldMetadata {
  /** The value must never be printed: not in logs, not in validation errors. */
  secret?: boolean;
  /** The value may carry credentials (a URL with user:password); printed only with them masked. */
  credentialsInUrl?: boolean;
  /** A valid value shown when the variable is missing, e.g. `127.0.0.1:19092`. */
  example?: string;
}

/**
 * A registry of our own rather than zod's global one, so nothing else that registers metadata
 * can make a field look public.
 */
const fieldRegistry = z.registry<FieldMetadata>();

/** Attaches metadata to a schema and returns the same schema instance. */
export function withFieldMetadata<T extends z.ZodType>(schema: T, metadata: FieldMetadata): T {
  const existing = fieldRegistry.get(schema) ?? {};
  fieldRegistry.remove(schema);
  fieldRegistry.add(schema, { ...existing, ...metadata });
  return schema;
}

/**
 * Metadata of a field, looking through `.optional()`, `.default()` and similar wrappers, so
 * `secret(z.string()).optional()` stays secret: wrappers create new schema instances, and the
 * inner schema is where the mark lives.
 */
export function fieldMetadata(schema: z.ZodType): FieldMetadata {
  const merged: FieldMetadata = {};
  let current: z.core.$ZodType | undefined = schema;
  while (current !== undefined) {
    Object.assign(merged, { ...fieldRegistry.get(current as z.ZodType), ...merged });
    current = innerOf(current);
  }
  return merged;
}

function innerOf(schema: z.core.$ZodType): z.core.$ZodType | undefined {
  const def = schema._zod.def as { innerType?: z.core.$ZodType; in?: z.core.$ZodType };
  return def.innerType ?? def.in;
}

/** Marks a field as sensitive: its value is replaced by `[redacted]` and never echoed in errors. */
export function secret<T extends z.ZodType>(schema: T): T {
  return withFieldMetadata(schema, { secret: true });
}
