import { LOGIN_FIELDS } from '../interaction/login-page';

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

function unescapeHtml(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

export interface LoginForm {
  action: string;
  csrf: string;
}

/** Reads the dev IdP's own login page (login-page.ts); not a general HTML form parser. */
export function parseLoginForm(html: string): LoginForm | undefined {
  const action = /<form id="login-form"[^>]*\saction="([^"]*)"/.exec(html)?.[1];
  const csrf = new RegExp(`name="${LOGIN_FIELDS.csrf}" value="([^"]*)"`).exec(html)?.[1];
  if (action === undefined || csrf === undefined) return undefined;
  return { action: unescapeHtml(action), csrf: unescapeHtml(csrf) };
}

/** The messages the page shows after a failed attempt or an error, joined; undefined when none. */
export function pageErrorText(html: string): string | undefined {
  const messages = [
    ...html.matchAll(/<p id="(?:login-error|error|error-description)"[^>]*>([^<]*)<\/p>/g),
  ]
    .map((match) => unescapeHtml(match[1] ?? '').trim())
    .filter((text) => text !== '');
  return messages.length === 0 ? undefined : messages.join(': ');
}
