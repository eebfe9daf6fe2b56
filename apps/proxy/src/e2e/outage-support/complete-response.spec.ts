import { incompleteReason } from './complete-response';

const frame = (event: string, data: object): string =>
  `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const wholeStream =
  frame('message_start', { type: 'message_start' }) +
  frame('content_block_delta', { type: 'content_block_delta' }) +
  frame('message_stop', { type: 'message_stop' });

describe('incompleteReason', () => {
  it('accepts a message object with content and a stop reason', () => {
    const body = JSON.stringify({
      type: 'message',
      content: [{ type: 'text', text: 'hi' }],
      stop_reason: 'end_turn',
    });
    expect(incompleteReason(body, false)).toBeUndefined();
  });

  it('rejects a cut-off or non-message JSON body', () => {
    expect(incompleteReason('{"type":"message","content":[', false)).toMatch(/not JSON/);
    expect(incompleteReason('{"type":"error","error":{}}', false)).toMatch(/not a message/);
    expect(incompleteReason('{"type":"message","content":[{}],"stop_reason":null}', false)).toMatch(
      /stop_reason/,
    );
  });

  it('accepts a stream from message_start to message_stop', () => {
    expect(incompleteReason(wholeStream, true)).toBeUndefined();
  });

  it('rejects a stream that stops early or carries an error event', () => {
    expect(incompleteReason(wholeStream.split('event: message_stop')[0] ?? '', true)).toMatch(
      /content_block_delta/,
    );
    expect(incompleteReason(wholeStream + frame('error', { type: 'error' }), true)).toMatch(
      /error event/,
    );
    expect(incompleteReason('', true)).toMatch(/no events/);
  });
});
