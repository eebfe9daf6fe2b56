import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { CliError, CliErrorCode } from '../cli-error';
import { postForm, type OAuthTransport } from './oauth-transport';
import { createPkcePair } from './pkce';
import { parseTokenResponse, type TokenSet } from './token-response';

/** The public client id the CLI presents; the server authenticates the user, not the client. */
export const CLI_CLIENT_ID = 'gatehouse-cli';

export interface LoopbackLoginOptions {
  transport: OAuthTransport;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** Shows the URL and tries to open it in a browser. */
  present: (url: string) => Promise<void>;
  now: () => number;
  timeoutMs: number;
}

/**
 * Authorization code + PKCE (S256) with a loopback redirect (RFC 8252 §7.3): a one-shot HTTP
 * server on 127.0.0.1 and an ephemeral port receives the code, `state` ties the answer to this
 * request, and the verifier never leaves the machine until the code exchange.
 */
export async function loopbackLogin(options: LoopbackLoginOptions): Promise<TokenSet> {
  const pkce = createPkcePair();
  const state = randomBytes(16).toString('base64url');
  const receiver = await startReceiver(state);
  try {
    const redirectUri = `http://127.0.0.1:${receiver.port}/callback`;
    const url = new URL(options.authorizationEndpoint);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', CLI_CLIENT_ID);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('code_challenge', pkce.challenge);
    url.searchParams.set('code_challenge_method', 'S256');
    url.searchParams.set('state', state);
    await options.present(url.href);
    const code = await withTimeout(receiver.code, options.timeoutMs);
    const answer = await postForm(options.transport, options.tokenEndpoint, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
      client_id: CLI_CLIENT_ID,
    });
    return parseTokenResponse(answer, options.now());
  } finally {
    receiver.close();
  }
}

interface Receiver {
  port: number;
  code: Promise<string>;
  close(): void;
}

function startReceiver(expectedState: string): Promise<Receiver> {
  let settle: { resolve: (code: string) => void; reject: (error: CliError) => void } | undefined;
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  // Unobserved until the URL has been presented; avoid an unhandled rejection before that.
  code.catch(() => undefined);
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      response.writeHead(404).end();
      return;
    }
    // A page another site opens at this port cannot complete the login without our `state`.
    if (url.searchParams.get('state') !== expectedState) {
      response
        .writeHead(400, { 'content-type': 'text/plain' })
        .end('Sign-in state does not match; start again with `gatehouse login`.');
      return;
    }
    const error = url.searchParams.get('error');
    const received = url.searchParams.get('code');
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    if (error !== null || received === null) {
      response.end('Sign-in was not completed. You can close this tab.');
      settle?.reject(
        new CliError(
          CliErrorCode.ACCESS_DENIED,
          `the sign-in was not completed (${error ?? 'no code'}).`,
        ),
      );
      return;
    }
    response.end('Signed in to Gatehouse. You can close this tab and return to the terminal.');
    settle?.resolve(received);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({ port, code, close: () => server.close() });
    });
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new CliError(
            CliErrorCode.LOGIN_EXPIRED,
            'the browser sign-in did not finish in time; run `gatehouse login` again.',
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
