import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CliError, CliErrorCode } from '../cli-error';
import {
  storedCredentialsSchema,
  type CredentialStore,
  type StoredCredentials,
} from './stored-credentials';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

export interface FileCredentialStoreOptions {
  /** The credentials file, e.g. `~/.config/gatehouse/credentials.json`. */
  file: string;
  /** Owner the file must belong to; `process.getuid()` in the CLI, undefined where there is none. */
  uid?: number;
  /** Told about permissions the store corrected (the directory only; see `load`). */
  warn?: (message: string) => void;
}

/**
 * Credentials in a JSON file readable by its owner only (0600, directory 0700). Writes go to a
 * temporary file that is renamed over the old one, so a reader never sees half a file even while
 * another `gatehouse token` is saving a refreshed token.
 */
export class FileCredentialStore implements CredentialStore {
  constructor(private readonly options: FileCredentialStoreOptions) {}

  get location(): string {
    return this.options.file;
  }

  async load(): Promise<StoredCredentials | undefined> {
    const file = this.options.file;
    let mode: number;
    let uid: number;
    try {
      ({ mode, uid } = await stat(file));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    // A refresh token others could read may already be copied; fixing the mode silently would
    // hide that, so the developer decides (chmod, or log out and in again for a fresh session).
    if ((mode & 0o077) !== 0) {
      throw new CliError(
        CliErrorCode.INSECURE_CREDENTIALS,
        `${file} is readable by other users (mode ${(mode & 0o777).toString(8)}); refusing to use it. ` +
          `Run \`chmod 600 ${file}\`, or \`gatehouse logout\` and \`gatehouse login\` for a new session if others may have read it.`,
      );
    }
    if (this.options.uid !== undefined && uid !== this.options.uid) {
      throw new CliError(
        CliErrorCode.INSECURE_CREDENTIALS,
        `${file} belongs to another user (uid ${uid}); refusing to use it.`,
      );
    }
    const parsed = storedCredentialsSchema.safeParse(parseJson(await readFile(file, 'utf8')));
    if (!parsed.success) {
      throw new CliError(
        CliErrorCode.INSECURE_CREDENTIALS,
        `${file} is not a Gatehouse credentials file; run \`gatehouse login\`.`,
      );
    }
    return parsed.data;
  }

  /** Creates the private directory (0700), e.g. before a lock file is put next to the credentials. */
  async ensureDirectory(): Promise<void> {
    await this.ensurePrivateDir(path.dirname(this.options.file));
  }

  async save(credentials: StoredCredentials): Promise<void> {
    const dir = path.dirname(this.options.file);
    await this.ensurePrivateDir(dir);
    const temp = path.join(
      dir,
      `.credentials-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
    );
    // `wx` + mode: the file is created 0600 before any byte is written (umask can only narrow it).
    const handle = await open(temp, 'wx', FILE_MODE);
    try {
      await handle.writeFile(
        `${JSON.stringify(storedCredentialsSchema.parse(credentials), null, 2)}\n`,
      );
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.options.file);
  }

  async clear(): Promise<void> {
    await rm(this.options.file, { force: true });
  }

  private async ensurePrivateDir(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
    const { mode } = await stat(dir);
    if ((mode & 0o077) !== 0) {
      await chmod(dir, DIR_MODE);
      this.options.warn?.(`gatehouse: ${dir} was accessible to other users; changed it to 0700.`);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The `code` of a Node system error. Not `instanceof Error`: under jest, fs errors come from another realm. */
export function systemErrorCode(error: unknown): string | undefined {
  return typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
    ? error.code
    : undefined;
}

export function isMissing(error: unknown): boolean {
  return systemErrorCode(error) === 'ENOENT';
}
