import passport from 'passport';
import type { Strategy } from 'passport';

/** How one pass through a passport strategy ended. */
export type PassportOutcome =
  | { kind: 'redirect'; location: string }
  | { kind: 'success'; user: unknown; info: unknown }
  | { kind: 'fail'; info: unknown; status: number | undefined }
  | { kind: 'error'; error: unknown };

/** The request fields passport and passport-openidconnect read. */
export interface PassportRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
}

type Middleware = (
  req: PassportRequest,
  res: ResponseShim,
  next: (error?: unknown) => void,
) => void;

interface ResponseShim {
  statusCode: number;
  setHeader(name: string, value: string): void;
  end(): void;
}

// A private Authenticator: no global passport state, no serializeUser, no login sessions.
const authenticator = new passport.Authenticator();

/**
 * Runs one passport strategy over a request and reports the outcome instead of writing a
 * response. This is the thin adapter between passport's Express-style middleware and Fastify:
 * the route decides how to answer. It replaces @fastify/passport, which would also bring a
 * session plugin the sign-in flow does not need (docs/adr/0014).
 */
export function runPassportStrategy(
  strategy: Strategy,
  request: PassportRequest,
  options: { state?: object } = {},
): Promise<PassportOutcome> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    const response: ResponseShim = {
      statusCode: 200,
      setHeader: (name, value) => {
        headers[name.toLowerCase()] = value;
      },
      end: () => {
        const location = headers.location;
        if (location !== undefined) resolve({ kind: 'redirect', location });
        else resolve({ kind: 'error', error: new Error('strategy ended the response without a redirect') });
      },
    };
    const middleware = authenticator.authenticate(
      strategy,
      // passport-openidconnect takes any object as the app state; passport's type says string.
      { session: false, ...options } as unknown as passport.AuthenticateOptions,
      (error: unknown, user: unknown, info: unknown, status: unknown) => {
        if (error) resolve({ kind: 'error', error });
        else if (user) resolve({ kind: 'success', user, info });
        else resolve({ kind: 'fail', info, status: typeof status === 'number' ? status : undefined });
      },
    ) as Middleware;
    middleware(request, response, (error) =>
      resolve({ kind: 'error', error: error ?? new Error('strategy passed the request on') }),
    );
  });
}
