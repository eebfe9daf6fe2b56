import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// Real ids are `msg_01` followed by 22 base62 characters. Drawing fresh randomness for every id
// would cost a syscall per request, so one random pool is refilled in large batches instead.
let pool = randomBytes(8192);
let cursor = 0;

function randomBase62(length: number): string {
  if (cursor + length > pool.length) {
    pool = randomBytes(8192);
    cursor = 0;
  }
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[pool[cursor++] % 62];
  return out;
}

export const newMessageId = (flavour: '' | 'bdrk_' | 'vrtx_' = ''): string =>
  `msg_${flavour}01${randomBase62(22)}`;
export const newToolUseId = (): string => `toolu_01${randomBase62(22)}`;
export const newRequestId = (): string => `req_011C${randomBase62(20)}`;
export const newAwsRequestId = (): string => {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
export const newAccessToken = (): string => `ya29.mock-${randomBase62(40)}`;
