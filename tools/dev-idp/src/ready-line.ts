import { z } from 'zod';

/** The one stdout line main.ts prints once it serves requests; startDevIdp waits for it. */
export const READY_EVENT = 'dev-idp.ready';

export const ReadyLineSchema = z.object({
  event: z.literal(READY_EVENT),
  issuer: z.url(),
  port: z.number().int().positive(),
  pid: z.number().int().positive(),
});
export type ReadyLine = z.infer<typeof ReadyLineSchema>;

/** Returns the ready announcement if `line` is one, otherwise undefined (other output is ignored). */
export function parseReadyLine(line: string): ReadyLine | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const parsed = ReadyLineSchema.safeParse(JSON.parse(trimmed));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
