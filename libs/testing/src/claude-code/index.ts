export * from './claude-code-binary';
export * from './claude-code-error';
export * from './claude-code-invocation';
export * from './claude-code-result';
export * from './http-recorder';
export * from './run-claude';
