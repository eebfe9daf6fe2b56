import { z } from 'zod';

/**
 * Claude Code's managed-settings document (https://code.claude.com/docs/en/settings). The keys an
 * administrator most often sets are typed so a mistake is refused with the field's name; every
 * other key is accepted as long as it is JSON and passed through untouched, because Claude Code
 * adds settings in most releases and a gateway must not hold an organisation back from using them.
 * Objects are open at every level for the same reason.
 */
const stringList = z.array(z.string().min(1, 'must not be empty')).max(10_000);

const permissionsSchema = z
  .object({
    allow: stringList.optional(),
    ask: stringList.optional(),
    deny: stringList.optional(),
    additionalDirectories: stringList.optional(),
    defaultMode: z.string().min(1).optional(),
    disableBypassPermissionsMode: z.literal('disable').optional(),
  })
  .catchall(z.json());

/** An entry of `allowedMcpServers`/`deniedMcpServers`: names a server by one of these fields. */
const mcpServerMatcherSchema = z
  .object({
    serverName: z.string().min(1).optional(),
    serverCommand: z.array(z.string()).min(1).optional(),
    serverUrl: z.string().min(1).optional(),
  })
  .catchall(z.json());

const hookCommandSchema = z
  .object({
    type: z.string().min(1),
    command: z.string().optional(),
    timeout: z.number().positive().optional(),
  })
  .catchall(z.json());

const hookMatcherSchema = z
  .object({ matcher: z.string().optional(), hooks: z.array(hookCommandSchema) })
  .catchall(z.json());

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

export const managedSettingsSchema = z
  .object({
    $schema: z.string().optional(),
    apiKeyHelper: z.string().min(1).optional(),
    awsAuthRefresh: z.string().min(1).optional(),
    awsCredentialExport: z.string().min(1).optional(),
    otelHeadersHelper: z.string().min(1).optional(),
    cleanupPeriodDays: z.number().int().nonnegative().optional(),
    companyAnnouncements: stringList.optional(),
    env: z.record(z.string().min(1), z.string()).optional(),
    includeCoAuthoredBy: z.boolean().optional(),
    permissions: permissionsSchema.optional(),
    hooks: z.record(z.string().min(1), z.array(hookMatcherSchema)).optional(),
    disableAllHooks: z.boolean().optional(),
    allowManagedHooksOnly: z.boolean().optional(),
    allowManagedPermissionRulesOnly: z.boolean().optional(),
    allowManagedMcpServersOnly: z.boolean().optional(),
    model: z.string().min(1).optional(),
    availableModels: stringList.optional(),
    forceLoginMethod: z.enum(['claudeai', 'console', 'gateway']).optional(),
    forceLoginOrgUUID: z.string().min(1).optional(),
    forceLoginGatewayUrl: httpUrl.optional(),
    enableAllProjectMcpServers: z.boolean().optional(),
    enabledMcpjsonServers: stringList.optional(),
    disabledMcpjsonServers: stringList.optional(),
    allowedMcpServers: z.array(mcpServerMatcherSchema).optional(),
    deniedMcpServers: z.array(mcpServerMatcherSchema).optional(),
    outputStyle: z.string().min(1).optional(),
    statusLine: z
      .object({ type: z.string().min(1) })
      .catchall(z.json())
      .optional(),
    sandbox: z.object({ enabled: z.boolean().optional() }).catchall(z.json()).optional(),
  })
  .catchall(z.json());

export type ManagedSettingsInput = z.infer<typeof managedSettingsSchema>;
