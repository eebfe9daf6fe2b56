import { ScimError, ScimErrorCode } from './scim-error';
import { parseScimPath, type ScimPath } from './scim-filter';

/** One PATCH operation after normalisation: lowercase op, parsed path. */
export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: ScimPath | undefined;
  value: unknown;
}

const OPS = new Set(['add', 'replace', 'remove']);
const MAX_OPERATIONS = 1000;

/**
 * Parses a PatchOp message (RFC 7644 §3.5.2). Ops compare case-insensitively because Entra
 * sends `Replace`/`Add`/`Remove`; the PatchOp schema URN is not demanded, since some clients omit
 * it and the body's shape is unambiguous.
 */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw syntax('a PATCH body must be a PatchOp JSON object');
  const operations = body.Operations ?? body.operations;
  if (!Array.isArray(operations) || operations.length === 0) {
    throw syntax('a PatchOp needs a non-empty "Operations" array');
  }
  if (operations.length > MAX_OPERATIONS) {
    throw syntax(`a PatchOp may carry at most ${MAX_OPERATIONS} operations`);
  }
  return operations.map((operation: unknown, index) => parseOperation(operation, index));
}

function parseOperation(operation: unknown, index: number): PatchOperation {
  if (!isObject(operation)) throw syntax(`Operations[${index}] is not an object`);
  const op = typeof operation.op === 'string' ? operation.op.toLowerCase() : '';
  if (!OPS.has(op)) {
    throw new ScimError(
      ScimErrorCode.INVALID_VALUE,
      `Operations[${index}].op must be add, replace or remove`,
    );
  }
  const rawPath = operation.path;
  if (rawPath !== undefined && rawPath !== null && typeof rawPath !== 'string') {
    throw new ScimError(ScimErrorCode.INVALID_PATH, `Operations[${index}].path must be a string`);
  }
  const path =
    typeof rawPath === 'string' && rawPath.trim() !== ''
      ? parseScimPath(rawPath.trim())
      : undefined;
  if (op === 'remove' && path === undefined) {
    throw new ScimError(ScimErrorCode.NO_TARGET, `Operations[${index}]: remove needs a path`);
  }
  if (op !== 'remove' && path === undefined && !isObject(operation.value)) {
    throw new ScimError(
      ScimErrorCode.INVALID_VALUE,
      `Operations[${index}]: ${op} without a path needs an object value`,
    );
  }
  return { op: op as PatchOperation['op'], path, value: operation.value };
}

/**
 * A path-less add/replace (`{"op":"replace","value":{"active":false}}`, Okta's shape) is the same
 * as one operation per key; keys may themselves be paths (`name.givenName`).
 */
export function expandPathless(operation: PatchOperation): PatchOperation[] {
  if (operation.path !== undefined) return [operation];
  const value = operation.value as Record<string, unknown>;
  return Object.entries(value).map(([key, inner]) => ({
    op: operation.op,
    path: parseScimPath(key),
    value: inner,
  }));
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function syntax(message: string): ScimError {
  return new ScimError(ScimErrorCode.INVALID_SYNTAX, message);
}
