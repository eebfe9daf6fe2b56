export * from './errors';
export * from './headers/forwarding';
export * from './request/request-body-error';
export * from './request/request-inspect';
export * from './sse/sse-parser';
export * from './usage/usage-summary';
export * from './usage/usage-tap';
