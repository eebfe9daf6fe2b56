import { z } from 'zod';
import { VertexAdapterError, VertexAdapterErrorCode } from './vertex-adapter-error';

export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

/**
 * The fields of a Google service-account key file the token exchange needs. Key files carry
 * more (`project_id`, `private_key_id`, …); unknown fields are ignored.
 */
const serviceAccountKeySchema = z.object({
  type: z.literal('service_account').optional(),
  client_email: z.string().min(1),
  private_key: z.string().includes('PRIVATE KEY'),
  private_key_id: z.string().optional(),
  token_uri: z.url().default(GOOGLE_TOKEN_URI),
});

export type ServiceAccountKey = z.infer<typeof serviceAccountKeySchema>;

/** Parses a key file's text. The error names the bad fields, never their values. */
export function parseServiceAccountKey(json: string): ServiceAccountKey {
  let value: unknown;
  try {
    value = JSON.parse(json) as unknown;
  } catch {
    throw new VertexAdapterError(
      VertexAdapterErrorCode.InvalidServiceAccount,
      'the service-account key is not valid JSON',
    );
  }
  const parsed = serviceAccountKeySchema.safeParse(value);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))];
    throw new VertexAdapterError(
      VertexAdapterErrorCode.InvalidServiceAccount,
      `the service-account key has missing or invalid fields: ${fields.join(', ')}`,
    );
  }
  return parsed.data;
}
