import type { Translate } from '../i18n/index.ts';
import { AppError } from '../lib/errors.ts';

/**
 * For a page whose form failed: the translated messages per field if the error is the caller's
 * (a 400), or null so the caller rethrows anything else.
 */
export function formErrors(
  error: unknown,
  t: Translate,
  rename: Record<string, string> = {},
): { errors: Record<string, string>; message: string } | null {
  if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) return null;
  const errors: Record<string, string> = {};
  for (const [field, key] of Object.entries(error.fields ?? {})) errors[rename[field] ?? field] ??= t(key);
  return { errors, message: t(error.messageKey) };
}
