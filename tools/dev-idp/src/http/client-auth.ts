export type FormBody = Record<string, string | string[] | undefined>;

export interface ClientAuthRequest {
  authorization: string | undefined;
  body: FormBody;
}

// RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined for HTTP Basic.
function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

/**
 * Rewrites `client_secret_post` credentials as `client_secret_basic`. oidc-provider accepts only
 * the one method a client registered, while Okta, Entra ID and Keycloak accept both, and
 * passport-openidconnect sends the form-body variant. A request that already carries an
 * Authorization header is left alone so oidc-provider still rejects mixed credentials.
 */
export function moveBodySecretToBasic(request: ClientAuthRequest): ClientAuthRequest {
  const { client_id: clientId, client_secret: clientSecret, ...rest } = request.body;
  if (request.authorization !== undefined) return request;
  if (typeof clientId !== 'string' || typeof clientSecret !== 'string') return request;
  const credentials = Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString(
    'base64',
  );
  return { authorization: `Basic ${credentials}`, body: rest };
}
