const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

export interface LoginPageModel {
  interactionUid: string;
  csrfToken: string;
  clientId: string;
  /** Shown above the form after a failed attempt. */
  error?: string;
  username?: string;
}

/** The form's field names, shared with the plain-HTTP login helper. */
export const LOGIN_FIELDS = { username: 'username', password: 'password', csrf: 'csrf' } as const;

/**
 * Server-rendered so a headless browser and the plain-HTTP helper drive the same page: stable ids
 * (`#username`, `#password`, `#sign-in`) and no JavaScript.
 */
export function renderLoginPage(model: LoginPageModel): string {
  const uid = encodeURIComponent(model.interactionUid);
  const error = model.error
    ? `<p id="login-error" role="alert">${escapeHtml(model.error)}</p>`
    : '';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Gatehouse dev IdP — sign in</title></head>
<body>
<main>
<h1>Gatehouse dev IdP</h1>
<p>Signing in to <strong id="client-id">${escapeHtml(model.clientId)}</strong>. Development identities only.</p>
${error}
<form id="login-form" method="post" action="/interaction/${uid}/login" autocomplete="off">
<input type="hidden" name="${LOGIN_FIELDS.csrf}" value="${escapeHtml(model.csrfToken)}">
<label for="username">Email</label>
<input id="username" name="${LOGIN_FIELDS.username}" type="email" required value="${escapeHtml(model.username ?? '')}">
<label for="password">Password</label>
<input id="password" name="${LOGIN_FIELDS.password}" type="password" required>
<button id="sign-in" type="submit">Sign in</button>
</form>
</main>
</body>
</html>
`;
}
