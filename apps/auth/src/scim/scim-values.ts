import { z } from 'zod';
import { ScimError, ScimErrorCode } from './scim-error';
import { parseBooleanText } from './scim-filter-sql';

const MAX_TEXT = 256;
const emailSchema = z.email().max(320);

/** A boolean as SCIM clients send it: `false`, or Entra's `"False"`. */
export function booleanValue(value: unknown, attribute: string): boolean {
  if (typeof value === 'boolean') return value;
  const parsed = typeof value === 'string' ? parseBooleanText(value) : undefined;
  if (parsed === undefined) throw invalid(`${attribute} must be true or false`);
  return parsed;
}

/** A short text attribute; empty or absent becomes null. */
export function optionalText(value: unknown, attribute: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(`${attribute} must be a string`);
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (trimmed.length > MAX_TEXT)
    throw invalid(`${attribute} is longer than ${MAX_TEXT} characters`);
  return trimmed;
}

export function requiredText(value: unknown, attribute: string): string {
  const text = optionalText(value, attribute);
  if (text === null) throw invalid(`${attribute} is required`);
  return text;
}

export function isEmail(value: string): boolean {
  return emailSchema.safeParse(value).success;
}

export function emailValue(value: unknown, attribute: string): string | null {
  const text = optionalText(value, attribute);
  if (text !== null && !isEmail(text)) throw invalid(`${attribute} is not an email address`);
  return text;
}

function invalid(message: string): ScimError {
  return new ScimError(ScimErrorCode.INVALID_VALUE, message);
}
