import type { IncomingMessage } from 'node:http';
import { clientAddressResolver, invalidTrustedProxies } from './client-address';

function request(peer: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    connection: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
}

describe('clientAddressResolver', () => {
  it('uses the socket peer and ignores X-Forwarded-For when no proxy is trusted', () => {
    const resolve = clientAddressResolver([]);
    expect(resolve(request('203.0.113.5', '198.51.100.1'))).toBe('203.0.113.5');
  });

  it('takes the client from X-Forwarded-For when the peer is a trusted proxy', () => {
    const resolve = clientAddressResolver(['10.0.0.0/8']);
    expect(resolve(request('10.1.2.3', '198.51.100.7'))).toBe('198.51.100.7');
  });

  it('stops at the first untrusted hop, so a client cannot forge an address behind it', () => {
    const resolve = clientAddressResolver(['10.0.0.0/8']);
    // The client sent "1.1.1.1" itself; the trusted proxy appended the address it saw.
    expect(resolve(request('10.1.2.3', '1.1.1.1, 198.51.100.7'))).toBe('198.51.100.7');
  });

  it('does not read X-Forwarded-For from a peer that is not trusted', () => {
    const resolve = clientAddressResolver(['10.0.0.0/8']);
    expect(resolve(request('203.0.113.5', '198.51.100.7'))).toBe('203.0.113.5');
  });
});

describe('clientAddressResolver on a closed socket', () => {
  it('has no address to give, trusted proxies or not', () => {
    const gone = { socket: {}, connection: {}, headers: {} } as unknown as IncomingMessage;
    expect(clientAddressResolver([])(gone)).toBeUndefined();
    expect(clientAddressResolver(['10.0.0.0/8'])(gone)).toBeUndefined();
  });
});

describe('invalidTrustedProxies', () => {
  it('accepts addresses, ranges and the named sets', () => {
    expect(
      invalidTrustedProxies(['127.0.0.1', '10.0.0.0/8', 'fd00::/8', 'loopback']),
    ).toBeUndefined();
  });

  it('names what it cannot parse', () => {
    expect(invalidTrustedProxies(['gateway.internal'])).toMatch(/gateway\.internal/);
  });
});
