export * from './redact-paths';
export * from './buffered-stdout';
export * from './logger';
export * from './telemetry';
