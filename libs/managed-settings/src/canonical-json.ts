import { ManagedSettingsError, ManagedSettingsErrorCode } from './managed-settings-error';

/**
 * JSON with object keys sorted at every level and no whitespace: the form Claude Code hashes for
 * its `If-None-Match` value and for `x-claude-code-managed-settings-checksum`. Keys sort by UTF-16
 * code units (JavaScript's default sort, which is what the client uses); strings and numbers are
 * written exactly as `JSON.stringify` writes them, so non-ASCII text stays raw UTF-8 and `1.0`
 * becomes `1`. Properties whose value is `undefined` are left out, as `JSON.stringify` does.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new ManagedSettingsError(
          ManagedSettingsErrorCode.NOT_JSON,
          `${path} is ${String(value)}, which JSON cannot represent`,
        );
      }
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? writeArray(value, path) : writeObject(value, path);
    default:
      throw new ManagedSettingsError(
        ManagedSettingsErrorCode.NOT_JSON,
        `${path} is a ${typeof value}, which JSON cannot represent`,
      );
  }
}

function writeArray(items: readonly unknown[], path: string): string {
  return `[${items.map((item, index) => write(item, `${path}[${index}]`)).join(',')}]`;
}

function writeObject(object: object, path: string): string {
  const entries = Object.entries(object)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const members = entries.map(
    ([key, item]) => `${JSON.stringify(key)}:${write(item, `${path}.${key}`)}`,
  );
  return `{${members.join(',')}}`;
}
