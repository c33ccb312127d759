import { z } from 'zod';
import type { MessageKey } from '../i18n/index.ts';
import { AppError, type FieldErrors } from './errors.ts';

// The one way a request's input is judged: a zod schema whose messages are catalogue keys, and
// one conversion of its issues into field errors, so every form and API names fields alike.

/** A zod message option naming a catalogue key: the error handler translates it into the caller's language. */
export const msg = (key: MessageKey) => ({ error: key });

/**
 * The one email rule: trimmed, lower-cased, at most 254 characters, and what zod calls an email.
 * The invite form and API, the approval's employeeEmail, the nominator's and the claim's email all use it.
 */
export const emailAddress = z
  .string(msg('validation.email'))
  .trim()
  .toLowerCase()
  .pipe(z.email(msg('validation.email')).max(254, msg('validation.email')));

/** The one email rule for a field that may be left out: absent, null or blank is no address (null). */
export const optionalEmailAddress = z
  .union(
    [
      z
        .string()
        .trim()
        .length(0)
        .transform(() => null),
      emailAddress,
    ],
    msg('validation.email'),
  )
  .nullish()
  .transform((v) => v ?? null);

/**
 * The field errors of a failed parse, every field at fault at once. A field is named by its path
 * joined with dots (`workplace.name`, `name.fr`), a key the schema does not know by its own path
 * with `validation.unknownField`, and a problem with the whole input by `_`. A field keeps its first
 * problem; a message that is not a catalogue key (zod's own, for a schema that names none) becomes
 * `fallback`.
 */
function fieldErrors(error: z.ZodError, fallback: MessageKey = 'validation.invalid'): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] ??= 'validation.unknownField';
      continue;
    }
    fields[issue.path.join('.') || '_'] ??= issue.message === FALLBACK ? fallback : (issue.message as MessageKey);
  }
  return fields;
}

// Given to every parse as its default message, so an issue without a key of its own is recognised.
const FALLBACK = '\u0000fallback';
const parseOptions = { error: () => FALLBACK };

/** Parses with the schema, or the field errors of every problem found; for a caller that must act before refusing. */
export function checkInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  fallback?: MessageKey,
): { ok: true; value: z.output<S> } | { ok: false; fields: FieldErrors } {
  const parsed = schema.safeParse(input, parseOptions);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, fields: fieldErrors(parsed.error, fallback) };
}

/** Parses with the schema, or throws the 400 `validation` AppError naming every field at fault. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, fallback?: MessageKey): z.output<S> {
  const checked = checkInput(schema, input, fallback);
  if (!checked.ok) throw new AppError('validation', 400, 'error.validation', checked.fields);
  return checked.value;
}
