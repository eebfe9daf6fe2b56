import { createHash, type Hash } from 'node:crypto';
import type { CacheControl, MessagesRequest, RequestBlock, RequestTool } from './api-types';

/**
 * Deterministic token estimate so tests can predict counts: one token per 4 characters, rounded up.
 * A prompt is measured as an ordered list of pieces, in the order the API builds its cache prefix:
 * each tool as JSON, then the system prompt (the string, or each block as JSON), then every
 * message's content (the string, or each block as JSON). `cache_control` markers are left out of
 * the JSON so that moving a breakpoint does not change the prefix it covers.
 */
export const CHARS_PER_TOKEN = 4;

export const tokensForChars = (chars: number): number => Math.ceil(chars / CHARS_PER_TOKEN);
export const tokensForText = (text: string): number => tokensForChars(text.length);

interface PromptPiece {
  text: string;
  cacheControl: CacheControl | undefined;
}

function withoutCacheControl(value: RequestBlock | RequestTool): string {
  if (value.cache_control === undefined) return JSON.stringify(value);
  const { cache_control: _ignored, ...rest } = value;
  return JSON.stringify(rest);
}

function blockPiece(block: RequestBlock | RequestTool): PromptPiece {
  return { text: withoutCacheControl(block), cacheControl: block.cache_control };
}

export function promptPieces(
  request: Pick<MessagesRequest, 'tools' | 'system' | 'messages'>,
): PromptPiece[] {
  const pieces: PromptPiece[] = [];
  for (const tool of request.tools ?? []) pieces.push(blockPiece(tool));
  if (typeof request.system === 'string')
    pieces.push({ text: request.system, cacheControl: undefined });
  else for (const block of request.system ?? []) pieces.push(blockPiece(block));
  for (const message of request.messages) {
    if (typeof message.content === 'string')
      pieces.push({ text: message.content, cacheControl: undefined });
    else for (const block of message.content) pieces.push(blockPiece(block));
  }
  return pieces;
}

export function estimateInputTokens(
  request: Pick<MessagesRequest, 'tools' | 'system' | 'messages'>,
): number {
  let chars = 0;
  for (const piece of promptPieces(request)) chars += piece.text.length;
  return tokensForChars(chars);
}

export interface InputUsage {
  /** Tokens neither written to nor read from the cache. */
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

const TTL_MS = { '5m': 5 * 60_000, '1h': 60 * 60_000 } as const;
const MAX_ENTRIES = 50_000;

/**
 * Simulates prompt caching. The prefix ending at the last `cache_control` breakpoint is written
 * to the cache; the longest prefix (ending at any piece boundary up to that breakpoint) that an
 * earlier request wrote is read from it. This mirrors the API's look-back, which lets a
 * conversation whose breakpoint moved forward still read the previous turn's prefix. There is no
 * minimum cacheable length, unlike the real API, so small test prompts cache too.
 */
export class PromptCache {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  reset(): void {
    this.expiries.clear();
  }

  measure(request: Pick<MessagesRequest, 'tools' | 'system' | 'messages'>): InputUsage {
    const pieces = promptPieces(request);
    let totalChars = 0;
    let lastBreakpoint = -1;
    for (let i = 0; i < pieces.length; i++) {
      totalChars += pieces[i].text.length;
      if (pieces[i].cacheControl) lastBreakpoint = i;
    }
    const total = tokensForChars(totalChars);
    if (lastBreakpoint < 0) return uncached(total);

    const now = this.now();
    const hash = createHash('sha1');
    let chars = 0;
    let readChars = 0;
    let key = '';
    for (let i = 0; i <= lastBreakpoint; i++) {
      chars += pieces[i].text.length;
      key = prefixKey(hash, pieces[i].text);
      const expiry = this.expiries.get(key);
      if (expiry !== undefined && expiry > now) readChars = chars;
    }
    const ttl = pieces[lastBreakpoint].cacheControl?.ttl === '1h' ? '1h' : '5m';
    this.remember(key, now + TTL_MS[ttl]);

    const read = tokensForChars(readChars);
    const written = tokensForChars(chars) - read;
    return {
      input_tokens: total - read - written,
      cache_creation_input_tokens: written,
      cache_read_input_tokens: read,
      cache_creation: {
        ephemeral_5m_input_tokens: ttl === '5m' ? written : 0,
        ephemeral_1h_input_tokens: ttl === '1h' ? written : 0,
      },
    };
  }

  private remember(key: string, expiry: number): void {
    this.expiries.delete(key);
    this.expiries.set(key, expiry);
    if (this.expiries.size > MAX_ENTRIES) {
      const oldest = this.expiries.keys().next().value;
      if (oldest !== undefined) this.expiries.delete(oldest);
    }
  }
}

// The running hash is extended piece by piece; a copy is finalised at each boundary so every
// prefix gets its own key without rehashing from the start. The separator keeps ["ab","c"] and
// ["a","bc"] apart.
function prefixKey(hash: Hash, piece: string): string {
  hash.update(piece);
  hash.update('\u0000');
  return hash.copy().digest('base64');
}

function uncached(total: number): InputUsage {
  return {
    input_tokens: total,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
  };
}
