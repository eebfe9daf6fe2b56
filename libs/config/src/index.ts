export * from './config-error';
export * from './field-metadata';
export * from './fields';
export * from './load-config';
export * from './redact-config';
export * from './workspace-manifest';
