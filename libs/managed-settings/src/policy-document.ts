import { z } from 'zod';
import type { JsonObject } from './json-value';
import { managedSettingsSchema } from './managed-settings-schema';

const MAX_LAYERS = 200;
const audienceName = z.string().trim().min(1, 'must not be empty').max(256);

/**
 * One layer: a partial managed-settings document for the users who hold any of `groups` (IdP
 * group names, exactly as the groups claim carries them) or any of `roles` (Gatehouse roles).
 */
const layerSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(100),
    description: z.string().max(1_000).optional(),
    groups: z.array(audienceName).max(500).default([]),
    roles: z.array(audienceName).max(100).default([]),
    settings: managedSettingsSchema,
  })
  .refine((layer) => layer.groups.length + layer.roles.length > 0, {
    message: 'a layer must name at least one group or role; settings for everyone go in `base`',
    path: ['groups'],
  });

/**
 * The document an administrator authors: `base` applies to everyone, then each matching layer in
 * the order written. Layer names are unique so versions and previews can refer to them.
 */
export const managedSettingsPolicySchema = z
  .strictObject({
    base: managedSettingsSchema,
    layers: z.array(layerSchema).max(MAX_LAYERS).default([]),
  })
  .superRefine((policy, context) => {
    const seen = new Set<string>();
    policy.layers.forEach((layer, index) => {
      if (seen.has(layer.name)) {
        context.addIssue({
          code: 'custom',
          message: `layer name "${layer.name}" is used twice; names must be unique`,
          path: ['layers', index, 'name'],
        });
      }
      seen.add(layer.name);
    });
  });

export interface PolicyLayer {
  readonly name: string;
  readonly description?: string;
  readonly groups: readonly string[];
  readonly roles: readonly string[];
  readonly settings: JsonObject;
}

/** A validated layered policy; `settings` objects are plain JSON, unknown keys included. */
export interface ManagedSettingsPolicy {
  readonly base: JsonObject;
  readonly layers: readonly PolicyLayer[];
}

/** One field-level problem: `path` like `layers[1].settings.permissions.deny[0]`. */
export interface PolicyIssue {
  readonly path: string;
  readonly message: string;
}

export type PolicyValidation =
  | { readonly ok: true; readonly policy: ManagedSettingsPolicy }
  | { readonly ok: false; readonly issues: readonly PolicyIssue[] };

export type SettingsValidation =
  | { readonly ok: true; readonly settings: JsonObject }
  | { readonly ok: false; readonly issues: readonly PolicyIssue[] };

/** Validates an authored document (parsed JSON) and names every field that is wrong. */
export function validatePolicyDocument(input: unknown): PolicyValidation {
  const parsed = managedSettingsPolicySchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
  // The schema admits only JSON values (catchall z.json()), so its output is a JSON object.
  return { ok: true, policy: parsed.data as unknown as ManagedSettingsPolicy };
}

/** Validates one settings document on its own (a layer body, or what a CLI is about to write). */
export function validateSettingsDocument(input: unknown): SettingsValidation {
  const parsed = managedSettingsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
  return { ok: true, settings: parsed.data as unknown as JsonObject };
}

function issuesOf(error: z.ZodError): PolicyIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text === '' ? '(document)' : text;
}
