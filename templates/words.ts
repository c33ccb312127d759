import type { Lang } from '../src/i18n/index.ts';

// The few words drawn on the images, French (fr-CA) first; a key missing from English is a type error.
const fr = {
  awardedBy: 'Décerné par {issuer}',
  shareEyebrow: 'Reconnaissance de service',
  shareTagline: 'Un moment de service remarquable, souligné par un client.',
  quoteFrom: 'Témoignage d’un client',
  counterQuestion: 'Quelqu’un vous a bien servi?',
  counterInvitation: 'Dites-le-nous en moins d’une minute : balayez le code.',
  counterPromise: 'La personne reçoit un badge à son nom.',
};

const en: Record<keyof typeof fr, string> = {
  awardedBy: 'Awarded by {issuer}',
  shareEyebrow: 'Service recognition',
  shareTagline: 'A moment of remarkable service, noticed by a customer.',
  quoteFrom: 'From a customer',
  counterQuestion: 'Did someone serve you well?',
  counterInvitation: 'Tell us in under a minute: scan the code.',
  counterPromise: 'They receive a badge in their name.',
};

const WORDS = { fr, en };

export type WordKey = keyof typeof fr;

/** A word of the images in a language, with `{name}` placeholders filled. */
export function word(lang: Lang, key: WordKey, params: Record<string, string> = {}): string {
  return WORDS[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
