/** How Claude Code authenticates: the gateway's way (a helper command) or a plain key. */
export type ClaudeCodeCredentials =
  { apiKeyHelperCommand: string; apiKey?: never } | { apiKey: string; apiKeyHelperCommand?: never };

/**
 * Claude Code's permission modes. `bypassPermissions` is refused for root unless IS_SANDBOX=1 is
 * set; prefer `allowedTools`, which works for any user.
 */
export type ClaudeCodePermissionMode = 'default' | 'acceptEdits' | 'bypassPermissions' | 'plan';

export type ClaudeCodeRunOptions = ClaudeCodeCredentials & {
  /** Where the Anthropic API lives (the simulator, or the gateway's proxy). */
  baseUrl: string;
  prompt: string;
  /** Working directory for the run (tools act here); a fresh temp dir when omitted. */
  cwd?: string;
  /** Defaults to 60 s. */
  timeoutMs?: number;
  /** Added last, so it can override anything below (except that it cannot bring back the outer env). */
  extraEnv?: Record<string, string>;
  /** Passed as `--allowedTools`, e.g. `['Write', 'Bash(echo:*)']`: these run without a prompt. */
  allowedTools?: readonly string[];
  permissionMode?: ClaudeCodePermissionMode;
  /** `--model`; Claude Code picks its default model otherwise. */
  model?: string;
  /** Keep the temporary HOME/config dir (for debugging); it is removed by default. */
  keepTempDir?: boolean;
};

export interface ClaudeCodeInvocation {
  args: string[];
  env: Record<string, string>;
  /** Contents of `$CLAUDE_CONFIG_DIR/settings.json`. */
  settings: Record<string, unknown>;
}

export interface InvocationContext {
  /** Temporary HOME; Claude Code writes caches and plugin state there. */
  home: string;
  /** Temporary `CLAUDE_CONFIG_DIR` (settings.json, .claude.json, session transcripts). */
  configDir: string;
  /** The variables of the test process; only the harmless ones in INHERITED_ENV are passed on. */
  outerEnv: NodeJS.ProcessEnv;
  /** `process.getuid()`; undefined on Windows. */
  uid: number | undefined;
}

/**
 * Variables taken from the test process. Everything else is dropped on purpose: an outer
 * ANTHROPIC_API_KEY, CLAUDE_CODE_USE_BEDROCK or HTTPS_PROXY would change where and how Claude Code
 * sends requests, and the tests must see only what they configure.
 */
const INHERITED_ENV = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'SHELL'] as const;

/** Names documented in Claude Code's settings and environment variable references. */
const OFFLINE_ENV: Record<string, string> = {
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  DISABLE_AUTOUPDATER: '1',
  DISABLE_TELEMETRY: '1',
  DISABLE_ERROR_REPORTING: '1',
};

/** Builds the command line, environment and settings file for one `claude -p` run. */
export function buildClaudeCodeInvocation(
  options: ClaudeCodeRunOptions,
  context: InvocationContext,
): ClaudeCodeInvocation {
  const args = ['-p', options.prompt, '--output-format', 'json'];
  if (options.model) args.push('--model', options.model);
  if (options.allowedTools && options.allowedTools.length > 0)
    args.push('--allowedTools', ...options.allowedTools);
  if (options.permissionMode) args.push('--permission-mode', options.permissionMode);

  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = context.outerEnv[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, OFFLINE_ENV, {
    HOME: context.home,
    CLAUDE_CONFIG_DIR: context.configDir,
    ANTHROPIC_BASE_URL: options.baseUrl,
  });
  if (options.apiKey !== undefined) env.ANTHROPIC_API_KEY = options.apiKey;
  // Claude Code's documented escape from its root guard for bypassPermissions; the run is
  // confined to a throwaway HOME and working directory, which is the sandbox it asks for.
  if (options.permissionMode === 'bypassPermissions' && context.uid === 0) env.IS_SANDBOX = '1';
  Object.assign(env, options.extraEnv);

  const settings: Record<string, unknown> = {};
  if (options.apiKeyHelperCommand !== undefined)
    settings.apiKeyHelper = options.apiKeyHelperCommand;
  return { args, env, settings };
}
