import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { AccessTokenError, AccessTokenErrorCode } from '../access-token-error';

/**
 * Where the dev signer keeps its key pair, relative to the working directory (the repository root
 * for `nx serve`, the CLI and tests): `GATEHOUSE_DEV_SIGNER_DIR` or `.gatehouse/dev-signer`.
 * `.gatehouse/` is git-ignored, so the private key never reaches a commit.
 */
export function defaultDevSignerDir(): string {
  return resolve(process.env['GATEHOUSE_DEV_SIGNER_DIR'] ?? join('.gatehouse', 'dev-signer'));
}

export const DEV_SIGNER_FILES = {
  /** The private key as a JWK with its `kid`; mode 0600. */
  privateKey: 'private-key.jwk.json',
  /** The public JWKS the proxy loads; mode 0644. */
  jwks: 'jwks.json',
} as const;

export function devSignerJwksPath(dir: string = defaultDevSignerDir()): string {
  return join(dir, DEV_SIGNER_FILES.jwks);
}

/** Reads the private JWK, or undefined when the signer has never written one. */
export function readPrivateJwk(dir: string): Record<string, unknown> | undefined {
  const path = join(dir, DEV_SIGNER_FILES.privateKey);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw filesError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error();
    return parsed as Record<string, unknown>;
  } catch {
    throw filesError(`${path} is not a JSON object; delete ${dir} to let the signer start over`);
  }
}

/**
 * Writes the private JWK only if none exists yet. The file is written under a temporary name and
 * hard-linked into place, which fails when another process (a proxy and the CLI starting together)
 * won the race; the caller then reads the winner's key, so every process ends up with one key.
 * Returns false when another process won.
 */
export function createPrivateJwk(dir: string, jwk: Record<string, unknown>): boolean {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, DEV_SIGNER_FILES.privateKey);
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(jwk)}\n`, { mode: 0o600 });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw filesError(`cannot write ${path}: ${(error as Error).message}`);
  } finally {
    unlinkSync(temporary);
  }
}

/** Replaces `jwks.json` atomically (write then rename), so a reader never sees half a file. */
export function writeJwks(dir: string, jwks: unknown): void {
  const path = join(dir, DEV_SIGNER_FILES.jwks);
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(jwks, null, 2)}\n`, { mode: 0o644 });
  chmodSync(temporary, 0o644);
  renameSync(temporary, path);
}

function filesError(message: string): AccessTokenError {
  return new AccessTokenError(AccessTokenErrorCode.INVALID_SIGNER_FILES, message);
}
