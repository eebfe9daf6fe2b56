import { CliError, CliErrorCode } from '../cli-error';
import type { HttpFetch } from './http-fetch';

const REQUEST_TIMEOUT_MS = 15_000;

export interface OAuthTransport {
  fetch: HttpFetch;
  /** Sent as User-Agent on every sign-in request, like Claude Code's `claude-code/<version>`. */
  userAgent: string;
}

export interface OAuthAnswer {
  status: number;
  /** The parsed JSON body; undefined when the body was not JSON. */
  body: unknown;
}

/** POSTs an `application/x-www-form-urlencoded` form (RFC 6749 §4.1.3) and parses the JSON answer. */
export async function postForm(
  transport: OAuthTransport,
  url: string,
  form: Record<string, string | undefined>,
): Promise<OAuthAnswer> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) if (value !== undefined) params.set(key, value);
  return send(transport, url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      'user-agent': transport.userAgent,
    },
    body: params.toString(),
  });
}

export async function getJson(transport: OAuthTransport, url: string): Promise<OAuthAnswer> {
  return send(transport, url, {
    method: 'GET',
    headers: { accept: 'application/json', 'user-agent': transport.userAgent },
  });
}

async function send(
  transport: OAuthTransport,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<OAuthAnswer> {
  let response;
  try {
    // The protocol says these endpoints answer directly; a redirect here is a misconfiguration.
    response = await transport.fetch(url, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new CliError(
      CliErrorCode.UNREACHABLE,
      `could not reach ${new URL(url).origin}: ${describeNetworkError(error)}`,
      {
        cause: error,
      },
    );
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body };
}

/** The RFC 6749 §5.2 `error` code of an answer, when it has one. */
export function oauthErrorCode(answer: OAuthAnswer): string | undefined {
  const body = answer.body;
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  return typeof body.error === 'string' ? body.error : undefined;
}

export function describeAnswer(answer: OAuthAnswer): string {
  const code = oauthErrorCode(answer);
  const body = answer.body;
  const description =
    typeof body === 'object' &&
    body !== null &&
    'error_description' in body &&
    typeof body.error_description === 'string'
      ? `: ${body.error_description}`
      : '';
  return code === undefined
    ? `HTTP ${answer.status}`
    : `HTTP ${answer.status} ${code}${description}`;
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause;
    if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string')
      return cause.code;
    return error.message;
  }
  return String(error);
}
