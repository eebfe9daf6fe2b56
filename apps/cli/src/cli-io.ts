import type { HttpFetch } from './oauth/http-fetch';

/** Everything the commands touch outside the process, so tests run them with their own. */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  fetch: HttpFetch;
  /** One line on stdout. `gatehouse token` prints the token and nothing else there. */
  out(text: string): void;
  /** One line on stderr: progress, warnings, errors. */
  err(text: string): void;
  /** Exit status of the command; the entry point passes it to the process. */
  setExitCode(code: number): void;
  now(): number;
  sleep(ms: number): Promise<void>;
  openBrowser(url: string): Promise<boolean>;
  homeDir: string;
  cwd: string;
  /** Owner the credentials file must have (POSIX); undefined where there is none. */
  uid?: number;
  /** Absolute path of the `gatehouse` launcher script, written into Claude Code's apiKeyHelper. */
  launcherPath?: string;
}
