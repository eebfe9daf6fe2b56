/** RFC 8628 §3.4 grant type. */
export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';
export const REFRESH_TOKEN_GRANT_TYPE = 'refresh_token';
/** RFC 6749 §4.1.3: the CLI's browser sign-in. */
export const AUTHORIZATION_CODE_GRANT_TYPE = 'authorization_code';
