import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { BrowserError, BrowserErrorCode } from './browser-error';

/** Debian's Chromium, installed by tools/dev/install-browser.sh. */
export const DEBIAN_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * The flags this machine kind is known to run Chromium with (as root, no display, closed
 * network): no sandbox (root), no GPU, and none of Chromium's own background traffic, whose
 * connections the closed network refuses many at a time.
 */
export const HEADLESS_CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HeadlessChromiumOptions {
  /** Defaults to GATEHOUSE_CHROMIUM_PATH, then /usr/bin/chromium. */
  executablePath?: string;
}

/** One headless Chromium with a fresh profile; `close()` ends it and deletes the profile. */
export interface HeadlessChromium {
  readonly context: BrowserContext;
  readonly userDataDir: string;
  close(): Promise<void>;
}

/**
 * Starts Debian's Chromium through playwright-core (Playwright's own browser download cannot
 * reach its CDN from here) with a new, empty user data directory, so no cookie or session of
 * an earlier run can make a sign-in pass that should not.
 */
export async function launchHeadlessChromium(
  options: HeadlessChromiumOptions = {},
): Promise<HeadlessChromium> {
  const executablePath =
    options.executablePath ?? process.env.GATEHOUSE_CHROMIUM_PATH ?? DEBIAN_CHROMIUM_PATH;
  if (!existsSync(executablePath)) {
    throw new BrowserError(
      BrowserErrorCode.ChromiumMissing,
      `${executablePath} does not exist; run tools/dev/install-browser.sh`,
    );
  }
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'gatehouse-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [...HEADLESS_CHROMIUM_ARGS],
      timeout: 30_000,
    });
    return {
      context,
      userDataDir,
      close: async () => {
        await context.close().catch(() => undefined);
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (cause) {
    await rm(userDataDir, { recursive: true, force: true });
    throw cause;
  }
}
