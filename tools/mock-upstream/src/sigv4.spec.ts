import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { parseSigV4, verifySigV4 } from './sigv4';

const credentials = { accessKeyId: 'AKIDMOCK', secretAccessKey: 'mock-secret' };

async function signedRequest(path: string, body: string) {
  const signer = new SignatureV4({
    credentials,
    region: 'us-east-1',
    service: 'bedrock',
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'https:',
    hostname: 'bedrock-runtime.us-east-1.amazonaws.com',
    path,
    query: {},
    headers: {
      host: 'bedrock-runtime.us-east-1.amazonaws.com',
      'content-type': 'application/json',
    },
    body,
  });
  return { headers: signed.headers, body: Buffer.from(body) };
}

describe('SigV4', () => {
  it('parses a well-formed authorization header', () => {
    const auth = parseSigV4(
      `AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-west-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`,
    );
    expect(auth).toMatchObject({
      accessKeyId: 'AKID',
      region: 'eu-west-1',
      service: 'bedrock',
      signedHeaders: ['host', 'x-amz-date'],
    });
    expect(
      parseSigV4('AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-west-1/bedrock/aws4_request'),
    ).toBeUndefined();
    expect(parseSigV4('Bearer abc')).toBeUndefined();
  });

  it('accepts a genuine signature and rejects a tampered body or wrong secret', async () => {
    const path = '/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke';
    const { headers, body } = await signedRequest(path, '{"a":1}');
    const auth = parseSigV4(headers.authorization);
    expect(auth).toBeDefined();
    if (!auth) return;
    const request = { method: 'POST', path, query: '', headers, body };
    await expect(verifySigV4(auth, request, credentials.secretAccessKey)).resolves.toBe(true);
    await expect(
      verifySigV4(auth, { ...request, body: Buffer.from('{"a":2}') }, credentials.secretAccessKey),
    ).resolves.toBe(false);
    await expect(verifySigV4(auth, request, 'other-secret')).resolves.toBe(false);
  });
});
