/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * A complete page. No scripts and no external resources: the pages must be drivable by a
 * headless browser and by plain HTTP in tests, and the CSP forbids anything else.
 */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Gatehouse</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}
input{font-size:1.5rem;letter-spacing:.2rem;text-transform:uppercase;width:12rem}button{font-size:1rem;margin-right:.5rem}
.error{color:#a00}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

/**
 * Headers every sign-in page carries: never cached, never framed (clickjacking), no scripts.
 * `formOrigins` are where a form may lead: browsers apply form-action to the redirect after the
 * post, and the device form's post redirects to the IdP.
 */
export function pageHeaders(formOrigins: readonly string[] = []): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
    'content-security-policy':
      `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${formOrigins.join(' ')}; frame-ancestors 'none'`.replace(
        ' ;',
        ';',
      ),
    // Not `no-referrer`: with it Chromium sends `Origin: null` on the page's own form POST, which
    // the CSRF origin check must refuse. `same-origin` still keeps codes out of the IdP's logs.
    'referrer-policy': 'same-origin',
  };
}
