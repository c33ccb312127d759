import { LANG_TAGS, type Lang } from '../i18n/index.ts';

const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

// Intl formatting costs more than the rest of a hosted assertion; the same days come back often.
const formattedDays = new Map<string, string>();
const FORMATTED_DAYS_KEPT = 4096;

/** A day (YYYY-MM-DD or an ISO instant) written out in the reader's language: « 20 novembre 2026 ». */
export function formatDate(value: string, lang: Lang): string {
  const key = `${lang}|${value}`;
  const known = formattedDays.get(key);
  if (known !== undefined) return known;
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(LANG_TAGS[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    dateFormats.set(lang, format);
  }
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  const text = Number.isNaN(date.getTime()) ? value : format.format(date);
  if (formattedDays.size >= FORMATTED_DAYS_KEPT) formattedDays.clear();
  formattedDays.set(key, text);
  return text;
}

const dateTimeFormats = new Map<Lang, Intl.DateTimeFormat>();

/** An instant written out in the reader's language, to the minute, in UTC: « 20 novembre 2026 à 14 h 05 UTC ». */
export function formatDateTime(value: string, lang: Lang): string {
  let format = dateTimeFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(LANG_TAGS[lang], { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
    dateTimeFormats.set(lang, format);
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : `${format.format(date)} UTC`;
}
