import { escapeHtml, htmlPage } from '../login/html';

export interface DevicePageInput {
  /** Shown pre-filled, never submitted automatically (RFC 8628 §5.4). */
  userCode: string;
  csrfToken: string;
  error?: string;
}

/**
 * The verification page. A pre-filled code still needs the person's click: someone may have
 * sent them a link to approve the sender's device. Element ids are stable for headless browsers.
 */
export function devicePage(input: DevicePageInput): string {
  const error =
    input.error === undefined
      ? ''
      : `<p id="device-error" class="error" role="alert">${escapeHtml(input.error)}</p>`;
  return htmlPage(
    'Sign in a device',
    `${error}
<p>Enter the code shown in your terminal. Check that it matches exactly: only continue if you
started this sign-in yourself.</p>
<form id="device-form" method="post" action="/device">
<input type="hidden" id="csrf-token" name="csrf_token" value="${escapeHtml(input.csrfToken)}">
<p><label for="user-code">Code</label><br>
<input id="user-code" name="user_code" value="${escapeHtml(input.userCode)}" autocomplete="off"
 autocapitalize="characters" spellcheck="false" maxlength="16" required></p>
<p><button id="confirm" type="submit" name="action" value="approve">Continue and sign in</button>
<button id="deny" type="submit" name="action" value="deny" formnovalidate>Deny</button></p>
</form>`,
  );
}

export function deviceDeniedPage(): string {
  return htmlPage(
    'Sign-in denied',
    '<p id="denied">You denied this sign-in. The device that asked will not get access.</p>',
  );
}

export function signedInPage(email: string): string {
  return htmlPage(
    "You're signed in",
    `<p id="signed-in">Signed in as <strong id="signed-in-email">${escapeHtml(email)}</strong>.
Return to your terminal; you can close this window.</p>`,
  );
}

export function signInErrorPage(message: string, code: string): string {
  return htmlPage(
    'Sign-in failed',
    `<p id="sign-in-error" class="error" role="alert" data-code="${escapeHtml(code)}">${escapeHtml(message)}</p>
<p><a id="start-again" href="/device">Start again</a></p>`,
  );
}
