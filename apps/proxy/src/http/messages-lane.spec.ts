import { clientAddressResolver } from '@gatehouse/service-kit';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { messagesLane } from './messages-lane';
import type { ProxyRuntime } from './proxy-runtime';

/** A request whose body never ends, so an accepted one is only read, never served. */
function request(method: string, url: string, headers: Record<string, string>): IncomingMessage {
  return Object.assign(new PassThrough(), {
    method,
    url,
    headers,
    socket: { remoteAddress: '127.0.0.1' },
  }) as unknown as IncomingMessage;
}

const JSON_BODY = { 'content-type': 'application/json', 'content-length': '120' };

describe('messagesLane', () => {
  const lane = messagesLane({} as ProxyRuntime, { bodyLimitBytes: 1000, clientAddress: clientAddressResolver([]) });
  const res = {} as ServerResponse;

  it.each([
    ['POST', '/v1/messages', '/v1/messages'],
    ['POST', '/v1/messages?beta=true', '/v1/messages'],
    ['POST', '/v1/messages/count_tokens?beta=true', '/v1/messages/count_tokens'],
  ])('takes %s %s as %s', (method, url, route) => {
    expect(lane(request(method, url, JSON_BODY), res)).toBe(route);
  });

  it.each([
    ['another method', request('GET', '/v1/messages', JSON_BODY)],
    ['another path', request('POST', '/v1/models', JSON_BODY)],
    ['a path that only starts like one', request('POST', '/v1/messages/other', JSON_BODY)],
    ['no content-type', request('POST', '/v1/messages', { 'content-length': '120' })],
    [
      'a chunked upload',
      request('POST', '/v1/messages', {
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      }),
    ],
    [
      'a body over the limit',
      request('POST', '/v1/messages', {
        'content-type': 'application/json',
        'content-length': '1001',
      }),
    ],
    [
      'a content-length that is not a number',
      request('POST', '/v1/messages', {
        'content-type': 'application/json',
        'content-length': '12a',
      }),
    ],
  ])('leaves %s to the Fastify routes', (_name, req) => {
    expect(lane(req, res)).toBeNull();
  });
});
