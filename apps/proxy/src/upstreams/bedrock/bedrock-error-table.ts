import {
  type ClientErrorRule,
  CREDENTIALS_REFUSED,
  errorRule as rule,
} from '../anthropic/client-error';

/**
 * Bedrock exception names (the `x-amzn-errortype` header over HTTP, `:exception-type` inside a
 * stream, where they are spelled in lower camel case) → Anthropic error type and client status.
 * Keys are lower-case so both spellings match. AWS refusing the gateway's own signature is a
 * 502, not a 401 (see `CREDENTIALS_REFUSED`).
 */
export const BEDROCK_ERROR_RULES: Readonly<Record<string, ClientErrorRule>> = {
  throttlingexception: rule('rate_limit_error', 429),
  servicequotaexceededexception: rule('rate_limit_error', 429),
  serviceunavailableexception: rule('overloaded_error', 529),
  modelnotreadyexception: rule(
    'api_error',
    503,
    'The upstream model is not ready yet; retry shortly.',
  ),
  validationexception: rule('invalid_request_error', 400),
  accessdeniedexception: rule('permission_error', 403),
  resourcenotfoundexception: rule('not_found_error', 404),
  modeltimeoutexception: rule('timeout_error', 504),
  modelerrorexception: rule('api_error', 502),
  modelstreamerrorexception: rule('api_error', 502),
  internalserverexception: rule('api_error', 500),
  unrecognizedclientexception: CREDENTIALS_REFUSED,
  invalidsignatureexception: CREDENTIALS_REFUSED,
  incompletesignatureexception: CREDENTIALS_REFUSED,
  missingauthenticationtokenexception: CREDENTIALS_REFUSED,
  expiredtokenexception: CREDENTIALS_REFUSED,
};

/** `ThrottlingException:http://internal.amazon.com/coral/…` → `ThrottlingException`. */
export function bedrockErrorName(errorType: string | undefined): string | undefined {
  if (errorType === undefined) return undefined;
  const name = errorType.split(':')[0].trim();
  return name === '' ? undefined : name;
}

export function bedrockErrorRule(name: string | undefined): ClientErrorRule | undefined {
  return name === undefined ? undefined : BEDROCK_ERROR_RULES[name.toLowerCase()];
}

/** Bedrock wraps model-side failures as `The model returned the following errors: …`. */
export function unwrapModelMessage(message: string): string {
  return message.replace(/^The model returned the following errors?:\s*/, '');
}
