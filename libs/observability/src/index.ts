export * from './redact-paths';
export * from './logger';
export * from './telemetry';
