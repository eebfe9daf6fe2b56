import { parseReadyLine } from './ready-line';

describe('parseReadyLine', () => {
  it('recognises the ready announcement and ignores any other output', () => {
    const line = JSON.stringify({
      event: 'dev-idp.ready',
      issuer: 'http://127.0.0.1:4200',
      port: 4200,
      pid: 12,
    });
    expect(parseReadyLine(`${line}\n`)).toEqual({
      event: 'dev-idp.ready',
      issuer: 'http://127.0.0.1:4200',
      port: 4200,
      pid: 12,
    });
    expect(parseReadyLine('oidc-provider WARNING: in-memory adapter')).toBeUndefined();
    expect(parseReadyLine('{"event":"dev-idp.ready"')).toBeUndefined();
    expect(
      parseReadyLine('{"event":"other","issuer":"http://x","port":1,"pid":1}'),
    ).toBeUndefined();
  });
});
