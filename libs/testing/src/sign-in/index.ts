export * from './sign-in-browser';
export * from './sign-in-page';
