export * from './define-event';
