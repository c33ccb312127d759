import type { Translate } from '../i18n/index.ts';
import { AppError } from '../lib/errors.ts';

/**
 * For a page whose form failed: the translated messages per field if the error is the caller's
 * (a 400 or a 409), or null so the caller rethrows anything else. `rename` maps the API's field
 * names (`workplace.name`, `name.fr`) to the form's inputs; a field keeps its first message.
 */
export function formErrors(
  error: unknown,
  t: Translate,
  rename: Record<string, string> | ((field: string) => string) = {},
): { errors: Record<string, string>; message: string } | null {
  if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) return null;
  const formField = typeof rename === 'function' ? rename : (field: string) => rename[field] ?? field;
  const errors: Record<string, string> = {};
  for (const [field, key] of Object.entries(error.fields ?? {})) errors[formField(field)] ??= t(key);
  return { errors, message: t(error.messageKey) };
}
