import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from './node-sha256';

/** Static AWS credentials, or a provider the signer calls per request (it may cache and refresh). */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export type AwsCredentialsSource = AwsCredentials | (() => Promise<AwsCredentials>);

export interface BedrockSignerOptions {
  readonly baseUrl: string;
  readonly region: string;
  readonly credentials: AwsCredentialsSource;
  /** Injected clock for stable signatures in tests. */
  readonly now?: () => Date;
}

export interface SigningInput {
  /** Path relative to the endpoint's base URL, as it will be sent (already percent-encoded). */
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/**
 * Signs Bedrock requests with SigV4 (service `bedrock`). The origin is parsed once; per request
 * only the signature is computed. The `host` header is part of the signature, so it is returned
 * with the other headers and must be sent as is.
 */
export class BedrockSigner {
  private readonly signer: SignatureV4;
  private readonly protocol: string;
  private readonly hostname: string;
  private readonly port: number | undefined;
  private readonly host: string;
  private readonly basePath: string;
  private readonly now: () => Date;

  constructor(options: BedrockSignerOptions) {
    const url = new URL(options.baseUrl);
    this.protocol = url.protocol;
    this.hostname = url.hostname;
    this.port = url.port === '' ? undefined : Number(url.port);
    this.host = url.host;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.now = options.now ?? (() => new Date());
    this.signer = new SignatureV4({
      credentials: options.credentials,
      region: options.region,
      service: 'bedrock',
      sha256: NodeSha256,
    });
  }

  async sign(input: SigningInput): Promise<Record<string, string>> {
    const signed = await this.signer.sign(
      {
        method: 'POST',
        protocol: this.protocol,
        hostname: this.hostname,
        port: this.port,
        path: `${this.basePath}${input.path}`,
        query: {},
        headers: { ...input.headers, host: this.host },
        body: input.body,
      },
      { signingDate: this.now() },
    );
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
    return headers;
  }
}
