import path from 'node:path';

/** The repository root: child processes resolve their entry points from it. */
export const REPO_ROOT = path.resolve(__dirname, '../../../../..');
