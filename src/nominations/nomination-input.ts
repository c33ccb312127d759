import { z } from 'zod';
import type { MessageKey } from '../i18n/index.ts';
import { LANGS, type Lang } from '../i18n/index.ts';
import type { FieldErrors } from '../lib/errors.ts';

// Every message here is a catalogue key: the route translates it into the caller's language.
const msg = (key: MessageKey) => ({ error: key });

/** Trims, normalises to NFC and folds runs of white space; control characters become spaces. */
function clean(value: string): string {
  return value
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Like clean() but keeps line breaks, for the story. */
function cleanText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/gu, ' ')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029](?<!\n)/gu, '')
    .replace(/\n{3,}/g, '\n\n')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .trim();
}

const length = (value: string) => [...value].length;

const text = (key: MessageKey, min: number, max: number) =>
  z
    .string(msg(key))
    .transform(clean)
    .refine((v) => length(v) >= min && length(v) <= max, msg(key));

const optionalText = (key: MessageKey, max: number) =>
  z
    .string(msg(key))
    .transform(clean)
    .refine((v) => length(v) <= max, msg(key))
    .transform((v) => (v === '' ? null : v))
    .nullish()
    .transform((v) => v ?? null);

// A first name in any script: letters and marks, with spaces, hyphens, apostrophes and dots between.
const FIRST_NAME = /^[\p{L}\p{M}][\p{L}\p{M}\p{Zs}'’.-]*$/u;

const workplaceRef = z.union(
  [
    z
      .string(msg('validation.workplace'))
      .transform(clean)
      .refine((v) => /^[a-z0-9][a-z0-9-]{0,63}$/.test(v), msg('validation.workplaceUnknown')),
    z.strictObject(
      {
        name: text('validation.workplaceName', 2, 120),
        city: text('validation.workplaceCity', 2, 80),
      },
      msg('validation.workplace'),
    ),
  ],
  msg('validation.workplace'),
);

export const nominationInputSchema = z.strictObject(
  {
    workplace: workplaceRef,
    staffFirstName: text('validation.firstName', 1, 60).refine((v) => FIRST_NAME.test(v), msg('validation.firstName')),
    staffRole: optionalText('validation.role', 80),
    momentDate: z
      .string(msg('validation.date'))
      .regex(/^\d{4}-\d{2}-\d{2}$/, msg('validation.date'))
      .refine(isCalendarDate, msg('validation.date')),
    momentPlace: optionalText('validation.place', 120),
    category: z.string(msg('validation.category')).regex(/^[a-z0-9-]{1,40}$/, msg('validation.category')),
    story: z
      .string(msg('validation.story'))
      .transform(cleanText)
      .refine((v) => length(v) >= 20 && length(v) <= 2000, msg('validation.story')),
    nominatorName: optionalText('validation.name', 80),
    nominatorEmail: z
      .string(msg('validation.email'))
      .transform(clean)
      .pipe(z.union([z.literal(''), z.email(msg('validation.email')).max(254, msg('validation.email'))], msg('validation.email')))
      .transform((v) => (v === '' ? null : v))
      .nullish()
      .transform((v) => v ?? null),
    publicStoryConsent: z.boolean(msg('validation.boolean')),
    lang: z.enum(LANGS, msg('validation.lang')).optional(),
  },
  msg('validation.object'),
);

export type NominationInput = z.output<typeof nominationInputSchema>;

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export type NominationRules = {
  /** Today, YYYY-MM-DD in UTC. */
  today: string;
  /** Whether the category named is one still offered (the caller looks it up). */
  categoryActive: boolean;
};

export type ReadResult = { ok: true; value: NominationInput & { lang: Lang } } | { ok: false; fields: FieldErrors };

/**
 * Validates the shape of a nomination from the API or the form. Field errors are keyed by the
 * API's names (`workplace.name` for a nested one). The rules that need today's date and the
 * database come after, in checkNominationRules.
 */
export function readNomination(raw: unknown, fallbackLang: Lang): ReadResult {
  const parsed = nominationInputSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: { ...parsed.data, lang: parsed.data.lang ?? fallbackLang } };
  const fields: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] ??= 'validation.unknownField';
      continue;
    }
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message as MessageKey;
  }
  return { ok: false, fields };
}

/** The errors of a well-shaped nomination against today's rules: the moment's date and the category; empty when it passes. */
export function checkNominationRules(input: NominationInput, rules: NominationRules): FieldErrors {
  const fields: FieldErrors = {};
  const oldest = new Date(`${rules.today}T00:00:00Z`);
  oldest.setUTCFullYear(oldest.getUTCFullYear() - 1);
  const latest = new Date(`${rules.today}T00:00:00Z`);
  latest.setUTCDate(latest.getUTCDate() + 1); // a customer east of UTC may already be on tomorrow
  if (input.momentDate > latest.toISOString().slice(0, 10)) fields.momentDate = 'validation.dateFuture';
  else if (input.momentDate < oldest.toISOString().slice(0, 10)) fields.momentDate = 'validation.dateOld';
  if (!rules.categoryActive) fields.category = 'validation.category';
  return fields;
}

/** The form's flat fields turned into the API's shape, so one schema judges both. */
export function formToInput(form: Record<string, string>, fixedWorkplace?: string): Record<string, unknown> {
  const choice = fixedWorkplace ?? form.workplace ?? '';
  const workplace = choice && choice !== '_other' ? choice : { name: form.workplaceName ?? '', city: form.workplaceCity ?? '' };
  return {
    workplace,
    staffFirstName: form.staffFirstName ?? '',
    staffRole: form.staffRole ?? '',
    momentDate: form.momentDate ?? '',
    momentPlace: form.momentPlace ?? '',
    category: form.category ?? '',
    story: form.story ?? '',
    nominatorName: form.nominatorName ?? '',
    nominatorEmail: form.nominatorEmail ?? '',
    publicStoryConsent: form.publicStoryConsent === 'on' || form.publicStoryConsent === 'true',
    ...(form.lang === 'fr' || form.lang === 'en' ? { lang: form.lang } : {}),
  };
}
