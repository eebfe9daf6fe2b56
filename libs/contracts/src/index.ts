export * from './common';
export * from './contracts-error';
export * from './define-event';
export * from './events';
export * from './registry';
export * from './topics';
export * from './fixtures';
export * from './reference';
