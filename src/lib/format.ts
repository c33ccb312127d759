import { type Lang, LANG_TAGS } from '../i18n/index.ts';

const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

/** A day (YYYY-MM-DD or an ISO instant) written out in the reader's language: « 20 novembre 2026 ». */
export function formatDate(value: string, lang: Lang): string {
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(LANG_TAGS[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    dateFormats.set(lang, format);
  }
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : format.format(date);
}
