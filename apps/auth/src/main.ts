import { releaseVersion } from '@gatehouse/config';
import {
  BackgroundStart,
  bootstrapService,
  kafkaClusterCheck,
  postgresCheck,
} from '@gatehouse/service-kit';
import { registerAdminRoutes, type AdminRouteDeps } from './admin/admin-routes';
import { AppModule } from './app.module';
import { authConfigSchema } from './config';
import { AuthPersistence } from './database/auth-persistence';
import { ServiceAccountKeyExpiry } from './directory/service-account-key-expiry';
import { createOAuthServices, type OAuthServices } from './oauth/oauth-services';
import { registerOAuthRoutes } from './oauth/register-oauth-routes';
import { authPolicyRouteDeps } from './policy/policy-wiring';
import { registerPolicyRoutes, type PolicyRouteDeps } from './policy/policy-routes';
import {
  createAuthorizationCodeGrant,
  createDeviceCodeGrant,
  registerSignInRoutes,
  type SignInDeps,
} from './login/register-sign-in';
import { signInSettingsFrom } from './login/sign-in-config';
import { registerScimRoutes, type ScimRoutesDeps } from './scim/scim-routes';

// Built in `module` (which runs first) and routed in `configureHttp`.
let oauth: OAuthServices | undefined;
let policy: PolicyRouteDeps | undefined;
let admin: AdminRouteDeps | undefined;
let signIn: SignInDeps | undefined;
let scim: ScimRoutesDeps | undefined;

void bootstrapService({
  name: 'auth',
  version: releaseVersion(),
  configSchema: authConfigSchema,
  module: ({ config, logger, addReadinessCheck, onShutdown }) => {
    const persistence = new AuthPersistence({
      databaseUrl: config.DATABASE_URL,
      brokers: config.KAFKA_BROKERS,
      logger: logger.child({ component: 'auth-persistence' }),
      keyEncryptionKey: config.AUTH_KEY_ENCRYPTION_KEY,
      topicPartitions: config.KAFKA_TOPIC_PARTITIONS,
      topicReplicationFactor: config.KAFKA_REPLICATION_FACTOR,
    });
    // Without OIDC_ISSUER there is no way to approve a device, so no device grant either.
    const signInSettings = signInSettingsFrom(config);
    if (signInSettings === undefined) logger.warn('OIDC_ISSUER is not set: SSO sign-in is off');
    else {
      signIn = {
        settings: signInSettings,
        dataSource: persistence.dataSource,
        directory: persistence.directory,
        logger: logger.child({ component: 'sign-in' }),
      };
    }
    const tokens = createOAuthServices({
      config,
      directory: persistence.directory,
      dataSource: persistence.dataSource,
      logger: logger.child({ component: 'tokens' }),
      deviceGrant:
        signInSettings === undefined
          ? undefined
          : createDeviceCodeGrant({
              dataSource: persistence.dataSource,
              sessions: persistence.directory.sessions,
            }),
      // The CLI's browser sign-in (`/oauth/authorize`) also needs the IdP, so it is on with OIDC.
      authorizationCodeGrant:
        signInSettings === undefined
          ? undefined
          : createAuthorizationCodeGrant({
              dataSource: persistence.dataSource,
              sessions: persistence.directory.sessions,
              logger: logger.child({ component: 'authorization-code' }),
            }),
    });
    oauth = tokens;
    // Without SCIM_BEARER_TOKEN the SCIM routes answer 401 naming the missing setting.
    scim = {
      dataSource: persistence.dataSource,
      directory: persistence.directory,
      orgId: config.AUTH_ORG_ID,
      bearerToken: config.SCIM_BEARER_TOKEN,
      logger,
      publicBaseUrl: config.AUTH_PUBLIC_URL,
    };
    policy = authPolicyRouteDeps({
      dataSource: persistence.dataSource,
      directory: persistence.directory,
      keys: tokens.keys,
      issuer: config.AUTH_PUBLIC_URL,
      logger: logger.child({ component: 'managed-settings' }),
    });
    // The admin API verifies callers exactly as the policy routes do (own signing keys, admin role).
    admin = {
      authenticator: policy.authenticator,
      directory: persistence.directory,
      dataSource: persistence.dataSource,
      logger: logger.child({ component: 'admin-api' }),
    };
    // Migrations, identity topics, the outbox relay and the signing keys start in the background
    // and are retried while PostgreSQL or Kafka is down; /readyz reports `directory` until they run.
    // Service-account keys rotated with a grace period are revoked (and proxies told) once it ends.
    const keyExpiry = new ServiceAccountKeyExpiry(persistence.directory.serviceAccountKeys, logger);
    const directory = new BackgroundStart({
      name: 'directory',
      logger,
      start: async () => {
        await persistence.start();
        await tokens.keys.start();
        keyExpiry.start();
      },
      stop: async () => {
        keyExpiry.stop();
        tokens.keys.stop();
        await persistence.stop();
      },
    });
    onShutdown('stop directory and outbox relay', () => directory.stop());

    addReadinessCheck(
      kafkaClusterCheck({
        brokers: config.KAFKA_BROKERS,
        clientId: 'gatehouse-auth-readiness',
        logger: logger.child({ component: 'kafka' }),
      }),
    );
    addReadinessCheck(postgresCheck(config.DATABASE_URL));
    addReadinessCheck(directory);
    directory.begin();
    return AppModule.register(config, persistence.directory);
  },
  configureHttp: async (fastify) => {
    if (oauth !== undefined) await registerOAuthRoutes(fastify, oauth.routes);
    if (policy !== undefined) registerPolicyRoutes(fastify, policy);
    if (admin !== undefined) registerAdminRoutes(fastify, admin);
    // Discovers the issuer first: an unreachable one stops the start with a message naming it.
    if (signIn !== undefined) await registerSignInRoutes(fastify, signIn);
    if (scim !== undefined) registerScimRoutes(fastify, scim);
  },
});
