import type { JsonObject } from './json-value';
import { mergeSettings } from './merge-settings';
import type { ManagedSettingsPolicy, PolicyLayer } from './policy-document';
import { settingsChecksum } from './settings-checksum';

/** Who the settings are for: the IdP groups and Gatehouse roles of a signed-in user. */
export interface PolicySubject {
  readonly groups: readonly string[];
  readonly roles: readonly string[];
}

export interface EvaluatedSettings {
  /** The merged managed-settings document for this subject. */
  readonly settings: JsonObject;
  /** `sha256:` checksum of `settings` (the value Claude Code sends back in If-None-Match). */
  readonly checksum: string;
  /** Names of the layers that applied, in merge order (`base` is always first and implied). */
  readonly appliedLayers: readonly string[];
}

/** Whether a layer applies: the subject holds one of its groups or one of its roles. */
export function layerApplies(layer: PolicyLayer, subject: PolicySubject): boolean {
  return (
    layer.groups.some((group) => subject.groups.includes(group)) ||
    layer.roles.some((role) => subject.roles.includes(role))
  );
}

/**
 * The settings one user gets: `base`, then every layer that applies, in the order the policy lists
 * them (see mergeSettings for the rules). The order of the subject's groups and roles does not
 * matter, so two sign-ins of the same person always get the same document and checksum.
 */
export function evaluatePolicy(
  policy: ManagedSettingsPolicy,
  subject: PolicySubject,
): EvaluatedSettings {
  const applied = policy.layers.filter((layer) => layerApplies(layer, subject));
  const settings = mergeSettings([policy.base, ...applied.map((layer) => layer.settings)]);
  return {
    settings,
    checksum: settingsChecksum(settings),
    appliedLayers: applied.map((layer) => layer.name),
  };
}
