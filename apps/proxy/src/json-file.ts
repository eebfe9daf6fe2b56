import { readFileSync } from 'node:fs';

export type JsonFileResult =
  | { readonly ok: true; readonly json: unknown }
  | { readonly ok: false; readonly problem: 'unreadable' | 'not-json'; readonly reason: string };

/**
 * Reads and parses an operator's JSON file (routing, prices). Returns what went wrong instead of
 * throwing, so each loader raises its own typed error naming the file and its setting.
 */
export function readJsonFile(file: string): JsonFileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problem: 'unreadable', reason: messageOf(error) };
  }
  try {
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problem: 'not-json', reason: messageOf(error) };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
