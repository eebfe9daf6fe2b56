export * from './kafka-test-helpers';
export * from './stack-env';
export * from './stack-env-error';
export * from './claude-code';
export * from './kafka';
export * from './browser';
export * from './terminal';
