import type { JsonSchema } from './api-types';

/**
 * Builds a small value that satisfies a JSON schema's required fields, so that a synthesized
 * tool call or structured output passes the client's validation. Only the common keywords are
 * honoured; optional properties are left out.
 */
export function sampleFromSchema(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return {};
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return sampleFromSchema(variant, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return 'mock';
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return [];
    default:
      return sampleObject(schema, depth);
  }
}

function sampleObject(schema: JsonSchema, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of schema.required ?? [])
    out[name] = sampleFromSchema(schema.properties?.[name], depth + 1);
  return out;
}
