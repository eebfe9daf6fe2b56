import path from 'node:path';

/** `$XDG_CONFIG_HOME/gatehouse`, or `~/.config/gatehouse` (XDG Base Directory defaults). */
export function gatehouseConfigDir(
  env: Readonly<Record<string, string | undefined>>,
  homeDir: string,
): string {
  const xdg = env.XDG_CONFIG_HOME;
  // The spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(homeDir, '.config');
  return path.join(base, 'gatehouse');
}

export function credentialsFilePath(configDir: string): string {
  return path.join(configDir, 'credentials.json');
}
