import type { HttpFetch, HttpRequestInit } from '../oauth/http-fetch';

export interface RecordedRequest {
  url: string;
  method: string;
  form: Record<string, string>;
  headers: Record<string, string>;
}

export type ScriptedAnswer = { status: number; body?: unknown } | Error;

/**
 * A fetch for unit tests that answers from a script keyed by path (each call takes the next answer
 * for its path; the last one repeats) and records what was sent.
 */
export function scriptedFetch(script: Record<string, ScriptedAnswer[]>): {
  fetch: HttpFetch;
  requests: RecordedRequest[];
} {
  const requests: RecordedRequest[] = [];
  const cursors = new Map<string, number>();
  const fetch: HttpFetch = async (url: string, init: HttpRequestInit) => {
    const path = new URL(url).pathname;
    requests.push({
      url,
      method: init.method ?? 'GET',
      form: Object.fromEntries(new URLSearchParams(init.body ?? '')),
      headers: init.headers ?? {},
    });
    const answers = script[path];
    if (answers === undefined || answers.length === 0) return { status: 404, text: async () => '' };
    const index = Math.min(cursors.get(path) ?? 0, answers.length - 1);
    cursors.set(path, index + 1);
    const answer = answers[index];
    if (answer instanceof Error) throw answer;
    return {
      status: answer?.status ?? 500,
      text: async () => (answer?.body === undefined ? '' : JSON.stringify(answer.body)),
    };
  };
  return { fetch, requests };
}

/** A clock that only moves when the code under test sleeps. */
export function virtualClock(start = 1_700_000_000_000): {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  sleeps: number[];
} {
  let current = start;
  const sleeps: number[] = [];
  return {
    now: () => current,
    sleep: async (ms) => {
      sleeps.push(ms);
      current += ms;
    },
    sleeps,
  };
}
