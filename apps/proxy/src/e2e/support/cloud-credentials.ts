import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';

/**
 * Throwaway cloud credentials for one test run. The simulator is started with the AWS secret and
 * the service account's public key, so it verifies the proxy's SigV4 signatures and the JWT the
 * proxy signs for Google's token exchange exactly as the real clouds would.
 */
export interface CloudCredentials {
  readonly aws: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** PEM public key of the Vertex service account, for the simulator. */
  readonly vertexPublicKeyPem: string;
  /** The service account JSON (as Google issues it) whose token endpoint is `tokenUri`. */
  vertexServiceAccountJson(tokenUri: string): string;
}

export async function createCloudCredentials(): Promise<CloudCredentials> {
  const keys = await generateKeyPair('RS256', { extractable: true });
  const privateKeyPem = await exportPKCS8(keys.privateKey);
  return {
    aws: { accessKeyId: 'AKIAGATEHOUSEE2E', secretAccessKey: 'gatehouse-e2e-aws-secret' },
    vertexPublicKeyPem: await exportSPKI(keys.publicKey),
    vertexServiceAccountJson: (tokenUri) =>
      JSON.stringify({
        type: 'service_account',
        project_id: 'gatehouse-e2e',
        client_email: 'gatehouse-proxy@gatehouse-e2e.iam.gserviceaccount.com',
        private_key: privateKeyPem,
        token_uri: tokenUri,
      }),
  };
}
