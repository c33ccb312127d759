import { z } from 'zod';
import type { MessageKey } from '../i18n/index.ts';
import { LANGS, type Lang } from '../i18n/index.ts';
import type { FieldErrors } from '../lib/errors.ts';
import { checkInput, emailAddress, msg } from '../lib/validation.ts';

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

/**
 * The nomination's schema on a given day (YYYY-MM-DD in UTC): the moment's date is checked against
 * it with the other fields, so one answer names every field at fault.
 */
export function nominationSchema(today: string) {
  const { oldest, latest } = momentBounds(today);
  return z.strictObject(
    {
      workplace: workplaceRef,
      staffFirstName: text('validation.firstName', 1, 60).refine((v) => FIRST_NAME.test(v), msg('validation.firstName')),
      staffRole: optionalText('validation.role', 80),
      momentDate: z
        .string(msg('validation.date'))
        .regex(/^\d{4}-\d{2}-\d{2}$/, msg('validation.date'))
        .refine(isCalendarDate, msg('validation.date'))
        .refine((v) => v <= latest, msg('validation.dateFuture'))
        .refine((v) => v >= oldest, msg('validation.dateOld')),
      momentPlace: optionalText('validation.place', 120),
      category: z.string(msg('validation.category')).regex(/^[a-z0-9-]{1,40}$/, msg('validation.category')),
      story: z
        .string(msg('validation.story'))
        .transform(cleanText)
        .refine((v) => length(v) >= 20 && length(v) <= 2000, msg('validation.story')),
      nominatorName: optionalText('validation.name', 80),
      // Optional: an empty field is no address; anything else follows the one email rule.
      nominatorEmail: z
        .string(msg('validation.email'))
        .transform(clean)
        .pipe(z.union([z.literal('').transform(() => null), emailAddress], msg('validation.email')))
        .nullish()
        .transform((v) => v ?? null),
      publicStoryConsent: z.boolean(msg('validation.boolean')),
      lang: z.enum(LANGS, msg('validation.lang')).optional(),
    },
    msg('validation.object'),
  );
}

export type NominationInput = z.output<ReturnType<typeof nominationSchema>>;

/** The oldest and the latest moment accepted on a day: a year back, and tomorrow for a customer east of UTC. */
function momentBounds(today: string): { oldest: string; latest: string } {
  const oldest = new Date(`${today}T00:00:00Z`);
  oldest.setUTCFullYear(oldest.getUTCFullYear() - 1);
  const latest = new Date(`${today}T00:00:00Z`);
  latest.setUTCDate(latest.getUTCDate() + 1);
  return { oldest: oldest.toISOString().slice(0, 10), latest: latest.toISOString().slice(0, 10) };
}

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

// Building a schema costs far more than a parse, so the day's one is kept until the date changes.
// It is derived from the date alone, never from a request, and holds one entry.
let schemaOfTheDay: { today: string; schema: ReturnType<typeof nominationSchema> } | undefined;

function schemaFor(today: string): ReturnType<typeof nominationSchema> {
  if (schemaOfTheDay?.today !== today) schemaOfTheDay = { today, schema: nominationSchema(today) };
  return schemaOfTheDay.schema;
}

export type ReadResult = { ok: true; value: NominationInput & { lang: Lang } } | { ok: false; fields: FieldErrors };

/**
 * Validates a nomination from the API or the form on the day `today` (YYYY-MM-DD in UTC), every
 * field at once, the moment's date included. Field errors are keyed by the API's names
 * (`workplace.name` for a nested one). What needs the database (the category still offered, the
 * workplace known) comes after, in checkNominationRules.
 */
export function readNomination(raw: unknown, fallbackLang: Lang, today: string): ReadResult {
  const read = checkInput(schemaFor(today), raw);
  if (!read.ok) return read;
  return { ok: true, value: { ...read.value, lang: read.value.lang ?? fallbackLang } };
}

/** The errors of a well-shaped nomination against what the database says: the category still offered; empty when it passes. */
export function checkNominationRules(rules: { categoryActive: boolean }): FieldErrors {
  return rules.categoryActive ? {} : { category: 'validation.category' };
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
    // The proof of work the widget adds when NOMINATION_CHALLENGE is on; the service takes it apart.
    ...(form.altcha !== undefined ? { altcha: form.altcha } : {}),
  };
}
