/** Schema and message URNs of RFC 7643/7644 that Gatehouse speaks. */
export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCIM_ENTERPRISE_USER_SCHEMA =
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SCIM_LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SCIM_PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const SERVICE_PROVIDER_CONFIG_SCHEMA =
  'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

export const SCIM_CONTENT_TYPE = 'application/scim+json';

/** Largest page a list answers; also advertised as `filter.maxResults`. */
export const SCIM_MAX_RESULTS = 200;

/** RFC 7643 §5: what this server supports, so an IdP does not try bulk, sort or passwords. */
export function serviceProviderConfig(baseUrl: string): Record<string, unknown> {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    documentationUri: 'https://github.com/gatehouse/gatehouse/blob/main/docs/scim.md',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: SCIM_MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'The static SCIM token configured as SCIM_BEARER_TOKEN on the auth service.',
        primary: true,
      },
    ],
    meta: {
      resourceType: 'ServiceProviderConfig',
      location: `${baseUrl}/ServiceProviderConfig`,
    },
  };
}

/** RFC 7643 §6: the two resource types. */
export function resourceTypes(baseUrl: string): Record<string, unknown>[] {
  return [
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'A person who signs in to Gatehouse',
      schema: SCIM_USER_SCHEMA,
      schemaExtensions: [],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'A directory group; role mappings match its displayName',
      schema: SCIM_GROUP_SCHEMA,
      schemaExtensions: [],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

interface AttributeSpec {
  name: string;
  type?: 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime';
  multiValued?: boolean;
  required?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'immutable';
  uniqueness?: 'none' | 'server';
  caseExact?: boolean;
  subAttributes?: AttributeSpec[];
}

function attribute(spec: AttributeSpec): Record<string, unknown> {
  const base: Record<string, unknown> = {
    name: spec.name,
    type: spec.type ?? 'string',
    multiValued: spec.multiValued ?? false,
    required: spec.required ?? false,
    caseExact: spec.caseExact ?? false,
    mutability: spec.mutability ?? 'readWrite',
    returned: 'default',
    uniqueness: spec.uniqueness ?? 'none',
  };
  if (spec.subAttributes !== undefined) base.subAttributes = spec.subAttributes.map(attribute);
  return base;
}

/** RFC 7643 §7: only the attributes Gatehouse stores; others sent by an IdP are ignored. */
export function schemaDefinitions(baseUrl: string): Record<string, unknown>[] {
  return [
    {
      schemas: [SCHEMA_SCHEMA],
      id: SCIM_USER_SCHEMA,
      name: 'User',
      description: 'Gatehouse user',
      attributes: [
        attribute({ name: 'userName', required: true, uniqueness: 'server' }),
        attribute({ name: 'externalId', caseExact: true }),
        attribute({
          name: 'name',
          type: 'complex',
          subAttributes: [
            { name: 'givenName' },
            { name: 'familyName' },
            { name: 'formatted', mutability: 'readOnly' },
          ],
        }),
        attribute({ name: 'displayName' }),
        attribute({
          name: 'emails',
          type: 'complex',
          multiValued: true,
          subAttributes: [
            { name: 'value' },
            { name: 'type' },
            { name: 'primary', type: 'boolean' },
          ],
        }),
        attribute({ name: 'active', type: 'boolean' }),
        attribute({
          name: 'groups',
          type: 'complex',
          multiValued: true,
          mutability: 'readOnly',
          subAttributes: [
            { name: 'value', mutability: 'readOnly' },
            { name: 'display', mutability: 'readOnly' },
          ],
        }),
      ],
      meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${SCIM_USER_SCHEMA}` },
    },
    {
      schemas: [SCHEMA_SCHEMA],
      id: SCIM_GROUP_SCHEMA,
      name: 'Group',
      description: 'Gatehouse group',
      attributes: [
        attribute({ name: 'displayName', required: true, uniqueness: 'server' }),
        attribute({ name: 'externalId', caseExact: true }),
        attribute({
          name: 'members',
          type: 'complex',
          multiValued: true,
          subAttributes: [
            { name: 'value', mutability: 'immutable' },
            { name: 'display', mutability: 'readOnly' },
            { name: '$ref', type: 'reference', mutability: 'immutable' },
          ],
        }),
      ],
      meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${SCIM_GROUP_SCHEMA}` },
    },
  ];
}
