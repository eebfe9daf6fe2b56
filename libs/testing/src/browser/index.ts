export * from './approve-device';
export * from './browser-error';
export * from './headless-chromium';
