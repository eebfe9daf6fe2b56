import { privateEtcCommand } from './private-etc';
import { TerminalErrorCode } from './terminal-error';

describe('privateEtcCommand', () => {
  it('wraps the command in unshare with private propagation, passing each mount as target, source, mode', () => {
    const argv = privateEtcCommand(['/opt/claude', '--flag'], {
      scratchDir: '/tmp/scratch',
      mounts: [
        { target: '/etc/claude-code', source: '/tmp/managed', readOnly: true },
        { target: '/etc/other', source: '/tmp/other' },
      ],
    });
    expect(argv.slice(0, 6)).toEqual(['unshare', '--mount', '--propagation', 'private', '/bin/sh', '-c']);
    expect(argv.slice(7)).toEqual([
      'private-etc',
      '/tmp/scratch',
      '/etc/claude-code',
      '/tmp/managed',
      'ro',
      '/etc/other',
      '/tmp/other',
      'rw',
      '--',
      '/opt/claude',
      '--flag',
    ]);
  });

  it('overlays /etc with an upper layer on the scratch tmpfs before binding anything', () => {
    const script = privateEtcCommand(['true'], { scratchDir: '/tmp/s', mounts: [] })[6] ?? '';
    const overlay = script.indexOf('mount -t overlay');
    expect(script.indexOf('mount -t tmpfs')).toBeGreaterThan(-1);
    expect(overlay).toBeGreaterThan(script.indexOf('mount -t tmpfs'));
    expect(script.indexOf('mount --bind')).toBeGreaterThan(overlay);
    expect(script).toContain('lowerdir=/etc,upperdir=$scratch/upper');
  });

  it.each(['/etc', '/usr/etc/x', '/etc/../root', 'etc/claude-code', '/etc/claude code'])(
    'refuses the mount target %s',
    (target) => {
      expect(() =>
        privateEtcCommand(['true'], { scratchDir: '/tmp/s', mounts: [{ target, source: '/tmp/x' }] }),
      ).toThrow(expect.objectContaining({ code: TerminalErrorCode.NamespaceUnavailable }));
    },
  );
});
