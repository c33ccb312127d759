import * as accounts from './catalogues/accounts.ts';
import * as auth from './catalogues/auth.ts';
import * as challenge from './catalogues/challenge.ts';
import * as claims from './catalogues/claims.ts';
import * as common from './catalogues/common.ts';
import * as edges from './catalogues/edges.ts';
import * as mail from './catalogues/mail.ts';
import * as manage from './catalogues/manage.ts';
import * as nominations from './catalogues/nominations.ts';
import * as ob3Checks from './catalogues/ob3-checks.ts';
import * as passwords from './catalogues/passwords.ts';
import * as profile from './catalogues/profile.ts';
import * as verify from './catalogues/verify.ts';
import * as wall from './catalogues/wall.ts';

export const LANGS = ['fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'fr';

// Each feature keeps its own pair of catalogues; a key missing from English is a type error there.
const catalogues = {
  fr: {
    ...common.fr,
    ...claims.fr,
    ...verify.fr,
    ...ob3Checks.fr,
    ...auth.fr,
    ...nominations.fr,
    ...manage.fr,
    ...mail.fr,
    ...wall.fr,
    ...accounts.fr,
    ...passwords.fr,
    ...challenge.fr,
    ...edges.fr,
    ...profile.fr,
  },
  en: {
    ...common.en,
    ...claims.en,
    ...verify.en,
    ...ob3Checks.en,
    ...auth.en,
    ...nominations.en,
    ...manage.en,
    ...mail.en,
    ...wall.en,
    ...accounts.en,
    ...passwords.en,
    ...challenge.en,
    ...edges.en,
    ...profile.en,
  },
} as const;

export type MessageKey = keyof (typeof catalogues)['fr'];
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The BCP 47 tag written in `<html lang>` and credentials. */
export const LANG_TAGS: Record<Lang, string> = { fr: 'fr-CA', en: 'en' };

/** Whether a string is one of the supported languages. */
export function isLang(value: unknown): value is Lang {
  return value === 'fr' || value === 'en';
}

function makeTranslator(lang: Lang): Translate {
  const catalogue: Record<string, string> = catalogues[lang];
  return (key, params) => {
    const text = catalogue[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

// Made once per language: every request asks for one.
const translators: Record<Lang, Translate> = { fr: makeTranslator('fr'), en: makeTranslator('en') };

/** A translator for one language; `{name}` placeholders are filled from params. */
export function translator(lang: Lang): Translate {
  return translators[lang];
}

/** Picks the language: the `lang` parameter, then the cookie, then Accept-Language, then French. */
export function detectLang(input: { param?: string | null; cookie?: string | null; acceptLanguage?: string | null }): Lang {
  if (isLang(input.param)) return input.param;
  if (isLang(input.cookie)) return input.cookie;
  if (input.acceptLanguage) {
    const ranked = input.acceptLanguage
      .split(',')
      .map((part) => {
        const [tag = '', ...attrs] = part.trim().split(';');
        const q = attrs.map((a) => a.trim()).find((a) => a.startsWith('q='));
        return { base: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) || 0 : 1 };
      })
      .filter((entry) => entry.q > 0)
      .sort((a, b) => b.q - a.q);
    for (const entry of ranked) if (isLang(entry.base)) return entry.base;
  }
  return DEFAULT_LANG;
}
