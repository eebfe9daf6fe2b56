export * from './throwaway-broker';
