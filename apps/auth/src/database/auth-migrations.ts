import { CreateScimAttributes1767312000000 } from '../scim/migrations/1767312000000-create-scim-attributes';
import { CreateManagedSettingsPolicies1767571200000 } from '../policy/migrations/1767571200000-create-managed-settings-policies';
import { CreateLoginTransactions1767657600000 } from '../login/migrations/1767657600000-create-login-transactions';
import { CreateDeviceAuthorizations1767657600001 } from '../device/migrations/1767657600001-create-device-authorizations';
import { CreateAuthorizationCodes1767744000000 } from '../oauth/migrations/1767744000000-create-authorization-codes';
import { CreateAuthDirectory1767225600000 } from './migrations/1767225600000-create-auth-directory';

/** Migrations in the order they run; add new ones at the end. */
export const AUTH_MIGRATIONS = [
  CreateAuthDirectory1767225600000,
  CreateScimAttributes1767312000000,
  CreateManagedSettingsPolicies1767571200000,
  CreateLoginTransactions1767657600000,
  CreateDeviceAuthorizations1767657600001,
  CreateAuthorizationCodes1767744000000,
];
