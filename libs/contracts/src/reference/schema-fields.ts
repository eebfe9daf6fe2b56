import { z } from 'zod';

/** The parts of a JSON Schema node (as zod 4 emits it) that the reference page shows. */
interface JsonSchemaNode {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchemaNode[];
  format?: string;
  pattern?: string;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  maxItems?: number;
  items?: JsonSchemaNode;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  additionalProperties?: JsonSchemaNode | boolean;
  $ref?: string;
  description?: string;
}

/** One row of a field table. Nested fields use dotted names; array elements use `[]`. */
export interface FieldRow {
  readonly name: string;
  readonly type: string;
  /** Required within its parent object (a nested field of an optional object is only required when the object is present). */
  readonly required: boolean;
  readonly description: string;
}

/** Patterns longer than this are left out of the type column: they would drown the table. */
const MAX_PATTERN_SHOWN = 64;

export function schemaFieldRows(schema: z.ZodType): FieldRow[] {
  const root = z.toJSONSchema(schema, {
    io: 'output',
    reused: 'inline',
    unrepresentable: 'throw',
  }) as JsonSchemaNode;
  return objectRows(root, '');
}

function objectRows(node: JsonSchemaNode, prefix: string): FieldRow[] {
  const required = new Set(node.required ?? []);
  return Object.entries(node.properties ?? {}).flatMap(([name, child]) => {
    const path = `${prefix}${name}`;
    const row: FieldRow = {
      name: path,
      type: describeType(child),
      required: required.has(name),
      description: child.description ?? '',
    };
    return [row, ...nestedRows(child, path)];
  });
}

/** Rows for the fields inside an object, a nullable object, or an array of objects. */
function nestedRows(node: JsonSchemaNode, path: string): FieldRow[] {
  if (node.properties) return objectRows(node, `${path}.`);
  if (node.items) return nestedRows(node.items, `${path}[]`);
  const objectBranch = node.anyOf?.find((branch) => branch.properties !== undefined);
  return objectBranch ? objectRows(objectBranch, `${path}.`) : [];
}

export function describeType(node: JsonSchemaNode): string {
  if (node.$ref !== undefined) return 'JSON value';
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.enum) return node.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (node.anyOf) return node.anyOf.map(describeType).join(' | ');
  if (Array.isArray(node.type)) return node.type.join(' | ');
  switch (node.type) {
    case 'string':
      return describeString(node);
    case 'integer':
    case 'number':
      return `${node.type}${describeRange(node)}`;
    case 'array':
      return describeArray(node);
    case 'object':
      return describeObject(node);
    default:
      return node.type ?? 'any';
  }
}

function describeString(node: JsonSchemaNode): string {
  if (node.format) return `string (${node.format})`;
  const parts: string[] = [];
  if (node.pattern && node.pattern.length <= MAX_PATTERN_SHOWN)
    parts.push(`matching \`${node.pattern}\``);
  if (node.maxLength !== undefined) parts.push(`≤ ${node.maxLength} chars`);
  return parts.length > 0 ? `string (${parts.join(', ')})` : 'string';
}

/** Bounds that are just the safe-integer limits zod adds to `.int()` say nothing, so they are omitted. */
function describeRange(node: JsonSchemaNode): string {
  const hasMin = node.minimum !== undefined && node.minimum > Number.MIN_SAFE_INTEGER;
  const hasMax = node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER;
  if (node.exclusiveMinimum !== undefined)
    return hasMax
      ? ` > ${node.exclusiveMinimum}, ≤ ${node.maximum}`
      : ` > ${node.exclusiveMinimum}`;
  if (hasMin && hasMax) return ` ${node.minimum}–${node.maximum}`;
  if (hasMin) return ` ≥ ${node.minimum}`;
  if (hasMax) return ` ≤ ${node.maximum}`;
  return '';
}

function describeArray(node: JsonSchemaNode): string {
  const item = node.items ? describeType(node.items) : 'any';
  const list = item.includes(' | ') ? `(${item})[]` : `${item}[]`;
  return node.maxItems !== undefined ? `${list} (≤ ${node.maxItems} items)` : list;
}

function describeObject(node: JsonSchemaNode): string {
  if (node.properties) return 'object';
  const value = node.additionalProperties;
  if (value !== undefined && typeof value !== 'boolean')
    return `map<string, ${describeType(value)}>`;
  return 'object';
}
