import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { TerminalError, TerminalErrorCode } from './terminal-error';

const run = promisify(execFile);

/** A folder of the test's that appears at `target` (a path under /etc) inside the namespace. */
export interface EtcMount {
  readonly target: string;
  readonly source: string;
  readonly readOnly?: boolean;
}

export interface PrivateEtcOptions {
  /** An empty folder of the test's; a tmpfs is mounted on it inside the namespace only. */
  readonly scratchDir: string;
  readonly mounts: readonly EtcMount[];
}

/*
 * Runs inside `unshare --mount --propagation private`, so none of these mounts is seen outside.
 * /etc gets an overlay whose upper layer lives on a tmpfs: the program sees the machine's /etc
 * (resolv.conf, certificates …) and may see new folders such as /etc/claude-code, while every
 * write, mkdir included, lands in the tmpfs. A bind mount alone cannot do this when the target
 * folder does not exist: creating it would write to the real /etc.
 */
const SETUP_SCRIPT = `set -eu
scratch=$1; shift
mount -t tmpfs -o mode=0755 gatehouse-etc "$scratch"
mkdir "$scratch/upper" "$scratch/work"
mount -t overlay gatehouse-etc -o "lowerdir=/etc,upperdir=$scratch/upper,workdir=$scratch/work" /etc
while [ "$1" != "--" ]; do
  target=$1; source=$2; mode=$3; shift 3
  mkdir -p "$target"
  mount --bind "$source" "$target"
  if [ "$mode" = ro ]; then mount -o remount,bind,ro "$target"; fi
done
shift
exec "$@"`;

/**
 * The argv that runs `command` in a private mount namespace whose /etc has `mounts` added, e.g.
 * a folder holding managed-settings.json at /etc/claude-code, while the machine's /etc stays
 * untouched. Needs root (or CAP_SYS_ADMIN) and overlayfs; `assertPrivateEtcSupported` checks.
 */
export function privateEtcCommand(
  command: readonly string[],
  options: PrivateEtcOptions,
): string[] {
  const mountArgs = options.mounts.flatMap((mount) => {
    if (!/^\/etc\/[A-Za-z0-9._/-]+$/.test(mount.target) || mount.target.includes('..')) {
      throw new TerminalError(
        TerminalErrorCode.NamespaceUnavailable,
        `mount target ${mount.target} must be a plain path under /etc`,
      );
    }
    return [mount.target, mount.source, mount.readOnly ? 'ro' : 'rw'];
  });
  return [
    'unshare',
    '--mount',
    '--propagation',
    'private',
    '/bin/sh',
    '-c',
    SETUP_SCRIPT,
    'private-etc',
    options.scratchDir,
    ...mountArgs,
    '--',
    ...command,
  ];
}

/** Fails with a message naming the cause when this machine cannot give a process its own /etc. */
export async function assertPrivateEtcSupported(scratchDir: string): Promise<void> {
  const argv = privateEtcCommand(['true'], { scratchDir, mounts: [] });
  try {
    await run(argv[0] as string, argv.slice(1));
  } catch (cause) {
    const stderr = (cause as { stderr?: string }).stderr ?? '';
    throw new TerminalError(
      TerminalErrorCode.NamespaceUnavailable,
      `cannot mount a private /etc (needs root or CAP_SYS_ADMIN, and overlayfs): ${stderr.trim()}`,
      { cause },
    );
  }
}
