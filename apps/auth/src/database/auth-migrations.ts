import { CreateAuthDirectory1767225600000 } from './migrations/1767225600000-create-auth-directory';

/** Migrations in the order they run; add new ones at the end. */
export const AUTH_MIGRATIONS = [CreateAuthDirectory1767225600000];
