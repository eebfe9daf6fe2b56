import { UsageTap } from '@gatehouse/anthropic';
import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { readFirstChunk } from '../forwarding/first-chunk';
import { UPSTREAM_CUT_FRAME } from './sse-frames';
import { relayStream, type StreamRelayResult } from './stream-relay';
import type { StreamTranscoder } from '../upstreams/upstream-adapter';

const START =
  'event: message_start\ndata: {"type":"message_start","message":{"model":"m","usage":{"input_tokens":7,"output_tokens":1}}}\n\n';
const DELTA =
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}\n\n';
const END =
  'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":5}}\n\n' +
  'event: message_stop\ndata: {"type":"message_stop"}\n\n';

interface Relayed {
  readonly result: Promise<StreamRelayResult>;
  readonly tap: UsageTap;
}

/** A real HTTP exchange: the server side relays `body` to whoever connects. */
class RelayHarness {
  private server!: Server;
  private relayed!: (value: Relayed) => void;
  readonly started = new Promise<Relayed>((resolve) => (this.relayed = resolve));

  constructor(
    private readonly body: PassThrough,
    private readonly options: {
      first?: () => Promise<Buffer | null>;
      transcoder?: StreamTranscoder;
    } = {},
  ) {}

  async listen(): Promise<string> {
    this.server = createServer((_req, res) => void this.serve(res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async serve(res: ServerResponse): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const first = await (this.options.first ?? (() => readFirstChunk(this.body)))();
    const tap = new UsageTap();
    const result = relayStream({
      res,
      first,
      body: this.body,
      transcoder: this.options.transcoder ?? null,
      tap,
      pingMs: null,
    });
    this.relayed({ result, tap });
  }
}

function get(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => request(url, resolve).on('error', reject).end());
}

async function readAll(res: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of res) text += String(chunk);
  return text;
}

describe('relayStream', () => {
  let harness: RelayHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  /** A client asks for a stream whose upstream has sent `message_start`; resolves once relayed. */
  async function relayStarted(
    body = new PassThrough(),
    options: ConstructorParameters<typeof RelayHarness>[1] = {},
  ): Promise<
    Relayed & { readonly body: PassThrough; readonly response: Promise<IncomingMessage> }
  > {
    harness = new RelayHarness(body, options);
    const url = await harness.listen();
    body.write(START);
    const response = get(url);
    return { ...(await harness.started), body, response };
  }

  it('forwards the first chunk and every later one, ends the response and taps the usage', async () => {
    const { result, tap, body, response } = await relayStarted();
    body.write(DELTA);
    body.end(END);
    const text = await readAll(await response);

    expect(text).toBe(START + DELTA + END);
    await expect(result).resolves.toEqual({ clientAborted: false, upstreamFailed: false });
    expect(tap.finish()).toMatchObject({ completed: true, stopReason: 'end_turn' });
  });

  it('ends the response when the whole body came with the first chunk', async () => {
    const body = new PassThrough();
    harness = new RelayHarness(body);
    const url = await harness.listen();
    // Ended before the relay listens: its 'end' was emitted while the first chunk was handled.
    body.end(START + END);
    const text = await readAll(await get(url));

    expect(text).toBe(START + END);
    await expect((await harness.started).result).resolves.toEqual({
      clientAborted: false,
      upstreamFailed: false,
    });
  });

  it('closes the stream with an error event when the upstream fails mid-stream', async () => {
    const { result, body, response } = await relayStarted();
    body.write(DELTA);
    body.destroy(new Error('socket hang up'));
    const text = await readAll(await response);

    expect(text).toBe(START + DELTA + UPSTREAM_CUT_FRAME.toString());
    await expect(result).resolves.toEqual({ clientAborted: false, upstreamFailed: true });
  });

  it('reports a body destroyed without an error (an abort) as cut short', async () => {
    const { result, body, response } = await relayStarted();
    body.destroy();
    const text = await readAll(await response);

    expect(text.endsWith(UPSTREAM_CUT_FRAME.toString())).toBe(true);
    await expect(result).resolves.toEqual({ clientAborted: false, upstreamFailed: true });
  });

  it('stops reading the upstream when the client goes away, and survives its late abort error', async () => {
    const { result, body, response: responding } = await relayStarted();
    const response = await responding;
    response.destroy();

    await expect(result).resolves.toEqual({ clientAborted: true, upstreamFailed: false });
    expect(body.destroyed).toBe(true);
    // undici reports a destroyed body as an abort error; nothing may throw it as uncaught.
    body.emit('error', new Error('aborted'));
  });

  it('pauses the upstream while the client does not read, and resumes once it drains', async () => {
    const {
      result,
      body,
      response: responding,
    } = await relayStarted(new PassThrough({ highWaterMark: 1024 }));
    const response = await responding;
    response.pause();
    const big = Buffer.alloc(8 * 1024 * 1024, 'x');
    body.write(big);
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(body.isPaused()).toBe(true);
    body.end(END);
    const text = await readAll(response);
    expect(text.length).toBe(START.length + big.length + END.length);
    await expect(result).resolves.toEqual({ clientAborted: false, upstreamFailed: false });
  });

  it('cuts the stream when the transcoder cannot decode the upstream bytes', async () => {
    const transcoder: StreamTranscoder = {
      push: (chunk) => {
        if (String(chunk) === 'bad') throw new Error('not an event stream frame');
        return chunk;
      },
      end: () => new Uint8Array(),
    };
    const { result, body, response } = await relayStarted(new PassThrough(), { transcoder });
    body.write('bad');
    const text = await readAll(await response);

    expect(text).toBe(START + UPSTREAM_CUT_FRAME.toString());
    await expect(result).resolves.toEqual({ clientAborted: false, upstreamFailed: true });
    expect(body.destroyed).toBe(true);
  });
});

describe('readFirstChunk', () => {
  it('resolves with the first bytes and leaves the rest unread', async () => {
    const body = new PassThrough();
    const first = readFirstChunk(body);
    body.write('one');
    await expect(first).resolves.toEqual(Buffer.from('one'));
    body.write('two');
    expect(body.readableFlowing).not.toBe(true);
    expect(String(body.read())).toBe('two');
  });

  it('resolves null for an empty body', async () => {
    const body = new PassThrough();
    const first = readFirstChunk(body);
    body.end();
    await expect(first).resolves.toBeNull();
  });

  it("rejects with the body's error before the first byte, and absorbs later ones", async () => {
    const body = new PassThrough();
    const first = readFirstChunk(body);
    body.destroy(new Error('connection reset'));
    await expect(first).rejects.toThrow('connection reset');

    const other = new PassThrough();
    const second = readFirstChunk(other);
    other.write('x');
    await second;
    other.destroy(new Error('late'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(other.errored?.message).toBe('late');
  });
});
