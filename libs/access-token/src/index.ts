export * from './access-token-claims';
export * from './access-token-error';
export * from './access-token-verifier';
export * from './api-key';
export * from './credential-verifier';
export * from './jwks-source';
export * from './key-set';
export * from './principal';
export * from './remote-jwks';
export * from './revocation-list';
export * from './service-account-key-registry';
export * from './token-rejection';
export * from './verified-token-cache';
export * from './verify-result';
export { devSignerJwks } from './dev/dev-signer-jwks';
export { DEV_SIGNER_FILES, defaultDevSignerDir, devSignerJwksPath } from './dev/dev-signer-files';
export {
  DEV_ISSUER,
  TestTokenSigner,
  type SignOptions,
  type TestTokenSignerOptions,
} from './dev/test-token-signer';
