import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { BrowserError, BrowserErrorCode } from './browser-error';
import type { HeadlessChromium } from './headless-chromium';

export interface ApproveDeviceInput {
  readonly browser: HeadlessChromium;
  /** `verification_uri_complete` (code pre-filled) or `verification_uri` with `userCode`. */
  readonly verificationUrl: string;
  /**
   * The code the device shows. When the page has it pre-filled it must match (a person checks
   * that before confirming); when the field is empty it is typed in.
   */
  readonly userCode?: string;
  /** Dev IdP account, e.g. alice@example.com / alice-dev-password. */
  readonly username: string;
  readonly password: string;
  /** Per step (page load, element to appear). Default 15 s. */
  readonly stepTimeoutMs?: number;
}

export interface DeviceApproval {
  /** What the verification page's `#signed-in-email` names. */
  readonly email: string;
  readonly durationMs: number;
}

const DEFAULT_STEP_TIMEOUT_MS = 15_000;

/** `XXXX-XXXX`, ignoring case, spaces and dashes, as the verification page accepts it. */
const normaliseCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

/**
 * Approves an RFC 8628 device request the way a person does (docs/adr/0014): opens the
 * verification page, checks or types the user code, confirms it (`#confirm`; the page never
 * submits a pre-filled code by itself), signs in at the dev IdP (`#username`, `#password`,
 * `#sign-in`) unless the browser still has a session there, and waits for the auth service's `#signed-in` page. On failure it saves a
 * screenshot to a temp dir and names it, with the page's URL and text, in the error.
 */
export async function approveDevice(input: ApproveDeviceInput): Promise<DeviceApproval> {
  const started = performance.now();
  const timeout = input.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  const page = await input.browser.context.newPage();
  page.setDefaultTimeout(timeout);
  page.setDefaultNavigationTimeout(timeout);
  try {
    await page.goto(input.verificationUrl, { waitUntil: 'domcontentloaded' });
    await confirmUserCode(page, input.userCode);
    // The IdP asks for credentials unless this browser already has a session there (SSO).
    await expectStep(page, '#username, #signed-in', '#device-error, #sign-in-error, #error');
    if ((await page.locator('#username').count()) > 0) {
      await page.locator('#username').fill(input.username);
      await page.locator('#password').fill(input.password);
      await Promise.all([page.waitForLoadState('domcontentloaded'), page.locator('#sign-in').click()]);
    }
    const outcome = page.locator('#signed-in, #sign-in-error, #login-error, #device-error');
    await outcome.first().waitFor();
    const signedIn = page.locator('#signed-in-email');
    if ((await signedIn.count()) === 0) {
      throw new BrowserError(
        BrowserErrorCode.ApprovalFailed,
        `sign-in refused: ${(await outcome.first().innerText()).trim()}`,
      );
    }
    return {
      email: (await signedIn.innerText()).trim(),
      durationMs: Math.round(performance.now() - started),
    };
  } catch (cause) {
    throw await failureWithScreenshot(page, cause);
  } finally {
    await page.close().catch(() => undefined);
  }
}

async function confirmUserCode(page: Page, userCode: string | undefined): Promise<void> {
  const field = page.locator('#user-code');
  await field.waitFor();
  const shown = await field.inputValue();
  if (shown === '') {
    if (userCode === undefined) {
      throw new BrowserError(
        BrowserErrorCode.ApprovalFailed,
        'the verification page has no code pre-filled and no userCode was given',
      );
    }
    await field.fill(userCode);
  } else if (userCode !== undefined && normaliseCode(shown) !== normaliseCode(userCode)) {
    throw new BrowserError(
      BrowserErrorCode.ApprovalFailed,
      `the verification page shows code ${shown}, the device shows ${userCode}`,
    );
  }
  await Promise.all([page.waitForLoadState('domcontentloaded'), page.locator('#confirm').click()]);
}

/** Waits for `next`; a refusal shown instead (`refusal`) fails at once with its text. */
async function expectStep(page: Page, next: string, refusal: string): Promise<void> {
  const either = page.locator(`${next}, ${refusal}`).first();
  await either.waitFor();
  if ((await page.locator(refusal).count()) === 0) return;
  throw new BrowserError(
    BrowserErrorCode.ApprovalFailed,
    `expected ${next} but the page says: ${(await either.innerText()).trim()}`,
  );
}

async function failureWithScreenshot(page: Page, cause: unknown): Promise<BrowserError> {
  let evidence = '';
  try {
    const dir = await mkdtemp(path.join(tmpdir(), 'gatehouse-approve-device-'));
    const file = path.join(dir, 'failure.png');
    await page.screenshot({ path: file, fullPage: true });
    const text = (await page.locator('body').innerText({ timeout: 2_000 })).slice(0, 500);
    evidence = `; at ${page.url()} (screenshot ${file}): ${text.replace(/\s+/g, ' ').trim()}`;
  } catch {
    evidence = `; at ${page.url()} (no screenshot: the page was gone)`;
  }
  const reason = cause instanceof Error ? cause.message : String(cause);
  const message = cause instanceof BrowserError ? cause.message.replace(/^[A-Z_]+: /, '') : reason;
  return new BrowserError(BrowserErrorCode.ApprovalFailed, `${message}${evidence}`, { cause });
}
