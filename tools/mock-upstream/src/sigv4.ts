import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SigV4Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;._-]+), ?Signature=([0-9a-f]{64})$/;

/** Parses a SigV4 `Authorization` header; undefined when it is not well-formed. */
export function parseSigV4(value: string | undefined): SigV4Authorization | undefined {
  const match = value ? AUTHORIZATION.exec(value) : null;
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

export interface SignedRequest {
  method: string;
  /** Path exactly as received (percent-encoded); the signer escapes it again, as AWS clients do. */
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: Uint8Array;
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * Recomputes the signature with the configured secret over exactly the headers the client says it
 * signed, then compares. Time skew is not checked, so recorded requests can be replayed in tests.
 */
export async function verifySigV4(
  auth: SigV4Authorization,
  request: SignedRequest,
  secretAccessKey: string,
): Promise<boolean> {
  const amzDate = request.headers['x-amz-date'];
  const dateMatch = typeof amzDate === 'string' ? AMZ_DATE.exec(amzDate) : null;
  if (!dateMatch || !amzDate?.toString().startsWith(auth.date)) return false;
  const [, year, month, day, hour, minute, second] = dateMatch.map(Number);
  const signingDate = new Date(Date.UTC(year, month - 1, day, hour, minute, second));

  // The signer trusts a supplied payload hash, so check it against the body first, as AWS does.
  const payloadHash = request.headers['x-amz-content-sha256'];
  if (typeof payloadHash === 'string' && payloadHash !== 'UNSIGNED-PAYLOAD') {
    if (createHash('sha256').update(request.body).digest('hex') !== payloadHash) return false;
  }
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return false;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey },
    region: auth.region,
    service: auth.service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'https:',
      hostname: headers.host ?? 'localhost',
      path: request.path,
      query: Object.fromEntries(new URLSearchParams(request.query)),
      headers,
      body: request.body,
    },
    { signingDate, signableHeaders: new Set(auth.signedHeaders) },
  );
  const expected = parseSigV4(String(signed.headers.authorization))?.signature ?? '';
  return (
    expected.length === auth.signature.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature))
  );
}
