/** The part of `fetch` the CLI uses, so tests can pass their own. The global `fetch` fits it. */
export interface HttpRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  redirect?: 'follow' | 'manual' | 'error';
}

export interface HttpResponseLike {
  status: number;
  text(): Promise<string>;
}

export type HttpFetch = (url: string, init: HttpRequestInit) => Promise<HttpResponseLike>;
