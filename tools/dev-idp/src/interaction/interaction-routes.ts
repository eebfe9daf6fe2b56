import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type Provider from 'oidc-provider';
import { authenticationContext } from '../claims';
import type { DevIdpFaults } from '../faults';
import { readBody } from '../http/read-body';
import type { UserDirectory } from '../user-directory';
import { csrfToken, csrfTokenMatches } from './csrf';
import { LOGIN_FIELDS, escapeHtml, renderLoginPage } from './login-page';

export interface InteractionDeps {
  provider: Provider;
  directory: UserDirectory;
  faults: () => DevIdpFaults;
  csrfSecret: Buffer;
  log: (event: Record<string, unknown>) => void;
}

const ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/;

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // No scripts and no framing (clickjacking on a login form). No form-action: Chromium applies it
    // to the redirect chain after the post, which ends at the relying party's origin.
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  });
  res.end(html);
}

function sendProblem(res: ServerResponse, status: number, message: string): void {
  sendHtml(
    res,
    status,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dev IdP</title></head><body><p id="error">${escapeHtml(message)}</p></body></html>`,
  );
}

function field(form: Record<string, string | string[] | undefined>, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}

const LOGIN_FAILURE_TEXT = {
  'unknown-user': 'Invalid email or password.',
  'wrong-password': 'Invalid email or password.',
  disabled: 'This account is disabled.',
} as const;

/**
 * Consent is never shown: the requested scopes and claims are granted on the user's behalf. This
 * path only runs when a relying party forces `prompt=consent`; otherwise loadExistingGrant has
 * already granted everything.
 */
async function approveConsent(
  deps: InteractionDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { provider } = deps;
  const details = await provider.interactionDetails(req, res);
  const accountId = details.session?.accountId;
  const clientId = details.params.client_id;
  if (!accountId || typeof clientId !== 'string') {
    sendProblem(res, 400, 'consent requested without a signed-in user');
    return;
  }
  const grant =
    (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
    new provider.Grant({ accountId, clientId });
  const missing = details.prompt.details;
  if (Array.isArray(missing.missingOIDCScope))
    grant.addOIDCScope(missing.missingOIDCScope.map(String));
  if (Array.isArray(missing.missingOIDCClaims))
    grant.addOIDCClaims(missing.missingOIDCClaims.map(String));
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { consent: { grantId } },
    { mergeWithLastSubmission: true },
  );
}

async function submitLogin(
  deps: InteractionDeps,
  uid: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const form = parseQuery(await readBody(req));
  if (!csrfTokenMatches(deps.csrfSecret, uid, form[LOGIN_FIELDS.csrf])) {
    deps.log({ event: 'dev-idp.login.csrf-rejected', interaction: uid });
    sendProblem(
      res,
      403,
      'The sign-in form expired or was not sent by this page. Start the sign-in again.',
    );
    return;
  }
  const details = await deps.provider.interactionDetails(req, res);
  if (details.uid !== uid || details.prompt.name !== 'login') {
    sendProblem(res, 400, 'This sign-in step does not belong to the current interaction.');
    return;
  }
  const username = field(form, LOGIN_FIELDS.username);
  const check = deps.directory.checkLogin({
    username,
    password: field(form, LOGIN_FIELDS.password),
    disabledEmails: deps.faults().disabledUsers,
  });
  if (!check.ok) {
    deps.log({ event: 'dev-idp.login.failed', username, reason: check.reason });
    sendHtml(
      res,
      401,
      renderLoginPage({
        interactionUid: uid,
        csrfToken: csrfToken(deps.csrfSecret, uid),
        clientId: String(details.params.client_id),
        error: LOGIN_FAILURE_TEXT[check.reason],
        username,
      }),
    );
    return;
  }
  const { acr, amr } = authenticationContext(check.user);
  deps.log({ event: 'dev-idp.login.succeeded', sub: check.user.sub, amr });
  await deps.provider.interactionFinished(
    req,
    res,
    { login: { accountId: check.user.sub, acr, amr } },
    { mergeWithLastSubmission: false },
  );
}

async function showInteraction(
  deps: InteractionDeps,
  uid: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const details = await deps.provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    sendProblem(res, 400, 'This sign-in page does not belong to the current interaction.');
    return;
  }
  if (details.prompt.name === 'consent') {
    await approveConsent(deps, req, res);
    return;
  }
  sendHtml(
    res,
    200,
    renderLoginPage({
      interactionUid: uid,
      csrfToken: csrfToken(deps.csrfSecret, uid),
      clientId: String(details.params.client_id),
    }),
  );
}

/** Returns false when the path is not an interaction route, so the caller hands it to oidc-provider. */
export async function handleInteraction(
  deps: InteractionDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const match = ROUTE.exec(new URL(req.url ?? '/', 'http://dev-idp').pathname);
  if (!match) return false;
  const uid = match[1] ?? '';
  try {
    if (match[2] && req.method === 'POST') await submitLogin(deps, uid, req, res);
    else if (!match[2] && req.method === 'GET') await showInteraction(deps, uid, req, res);
    else sendProblem(res, 405, 'method not allowed');
  } catch (error) {
    // interactionDetails throws when the interaction cookie is missing or expired.
    deps.log({
      event: 'dev-idp.interaction.failed',
      interaction: uid,
      error: (error as Error).message,
    });
    if (!res.headersSent)
      sendProblem(res, 400, `Sign-in cannot continue: ${(error as Error).message}`);
  }
  return true;
}
