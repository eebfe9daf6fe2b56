import { z } from 'zod';
import { ConfigError, ConfigErrorCode, type ConfigIssue } from './config-error';
import { fieldMetadata } from './field-metadata';

export type Environment = Readonly<Record<string, string | undefined>>;

const MAX_ECHO_LENGTH = 60;

/**
 * Validates the environment against a zod object schema whose keys are variable names, and
 * returns the typed config. Empty values count as unset, so `PORT=` falls back to the default
 * like a missing variable would. Every bad variable is reported at once in a `ConfigError`.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: Environment = process.env,
): z.output<S> {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    input[key] = value === undefined || value === '' ? undefined : value;
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    ConfigErrorCode.INVALID_ENVIRONMENT,
    describeIssues(schema, input, result.error.issues),
  );
}

function describeIssues(
  schema: z.ZodObject,
  input: Record<string, string | undefined>,
  issues: readonly z.core.$ZodIssue[],
): ConfigIssue[] {
  const byVariable = new Map<string, ConfigIssue>();
  for (const issue of issues) {
    const variable = String(issue.path[0] ?? '(environment)');
    if (byVariable.has(variable)) continue;
    const field = schema.shape[variable] as z.ZodType | undefined;
    byVariable.set(variable, {
      variable,
      reason: reasonFor(field, input[variable], issue.message),
    });
  }
  return [...byVariable.values()];
}

function reasonFor(
  field: z.ZodType | undefined,
  value: string | undefined,
  message: string,
): string {
  const metadata = field ? fieldMetadata(field) : {};
  if (value === undefined)
    return metadata.example ? `required, e.g. ${metadata.example}` : 'required';
  // Secrets and URLs (which may embed a password) are described without their value.
  if (metadata.secret || metadata.credentialsInUrl) return `${message} (value hidden)`;
  return `${message}, got '${truncate(value)}'`;
}

function truncate(value: string): string {
  return value.length > MAX_ECHO_LENGTH ? `${value.slice(0, MAX_ECHO_LENGTH)}…` : value;
}
