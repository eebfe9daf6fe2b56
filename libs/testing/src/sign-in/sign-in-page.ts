/** The CSRF token of an auth service page's form (`id="csrf-token"`); throws when there is none. */
export function csrfTokenIn(html: string): string {
  const match = /id="csrf-token" name="csrf_token" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`no CSRF token in page: ${html}`);
  return match[1];
}

/**
 * The text of the paragraph with this `id` (markup stripped, quote entities decoded), so tests can
 * assert on what the user reads rather than on the page's HTML.
 */
export function textOf(html: string, id: string): string | undefined {
  const match = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</p>`).exec(html);
  return match?.[1]
    ?.replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .trim();
}
