// What a text is written in, as Satori sees it: which of its locales a character belongs to, which
// way a line runs, and what to take out before drawing. Pure functions shared by the fonts and the designs.

/** The locales Satori tags script fonts with (its `Locale` type). */
export const SATORI_LOCALES = [
  'ja-JP',
  'ko-KR',
  'zh-CN',
  'zh-TW',
  'zh-HK',
  'th-TH',
  'bn-IN',
  'ar-AR',
  'ta-IN',
  'ml-IN',
  'he-IL',
  'te-IN',
  'devanagari',
  'kannada',
] as const;
export type SatoriLocale = (typeof SATORI_LOCALES)[number];

// The same tests, in the same order, as Satori's language detection, so that we pick the fonts
// Satori will ask for.
const SCRIPT_TESTS: Record<SatoriLocale, RegExp> = {
  'ja-JP': /\p{scx=Hira}|\p{scx=Kana}|\p{scx=Han}|[\u3000]|[\uFF00-\uFFEF]/u,
  'ko-KR': /\p{scx=Hangul}/u,
  'zh-CN': /\p{scx=Han}/u,
  'zh-TW': /\p{scx=Han}/u,
  'zh-HK': /\p{scx=Han}/u,
  'th-TH': /\p{scx=Thai}/u,
  'bn-IN': /\p{scx=Bengali}/u,
  'ar-AR': /\p{scx=Arabic}/u,
  'ta-IN': /\p{scx=Tamil}/u,
  'ml-IN': /\p{scx=Malayalam}/u,
  'he-IL': /\p{scx=Hebrew}/u,
  'te-IN': /\p{scx=Telugu}/u,
  devanagari: /\p{scx=Devanagari}/u,
  kannada: /\p{scx=Kannada}/u,
};

/** Whether a string is one of Satori's locales. */
export function isSatoriLocale(value: string | undefined): value is SatoriLocale {
  return (SATORI_LOCALES as readonly string[]).includes(value ?? '');
}

/**
 * The locales Satori would ask fonts for to draw a character, most wanted first: the element's
 * locale leads when it fits (so 明 in a Chinese name asks for Chinese first); ['unknown'] when none fits.
 */
export function scriptCodes(char: string, locale?: SatoriLocale): string[] {
  const codes = SATORI_LOCALES.filter((code) => SCRIPT_TESTS[code].test(char));
  if (codes.length === 0) return ['unknown'];
  if (locale && codes.includes(locale)) return [locale, ...codes.filter((code) => code !== locale)];
  return codes;
}

const KANA = /\p{scx=Hira}|\p{scx=Kana}/u;
const HANGUL = /\p{scx=Hangul}/u;
const HAN = /\p{scx=Han}/u;

/**
 * The `lang` to give an element holding a text with Han characters, so they take the Japanese,
 * Korean or Chinese form whatever fonts earlier renders loaded: kana make it Japanese, hangul Korean,
 * Han alone Chinese (a name of kanji alone cannot be told from a Chinese one).
 */
export function textLocale(text: string): 'ja-JP' | 'ko-KR' | 'zh-CN' | undefined {
  if (KANA.test(text)) return 'ja-JP';
  if (HANGUL.test(text)) return 'ko-KR';
  if (HAN.test(text)) return 'zh-CN';
  return undefined;
}

const STRONG = /[\p{scx=Arabic}\p{scx=Hebrew}\p{scx=Syriac}\p{scx=Thaana}\p{scx=Nko}]|\p{L}/u;
const RIGHT_TO_LEFT = /[\p{scx=Arabic}\p{scx=Hebrew}\p{scx=Syriac}\p{scx=Thaana}\p{scx=Nko}]/u;

/** The direction of a paragraph, from its first strong letter (what `dir="auto"` does in a browser). */
export function textDirection(text: string): 'ltr' | 'rtl' {
  for (const char of text) {
    if (!STRONG.test(char)) continue;
    return RIGHT_TO_LEFT.test(char) ? 'rtl' : 'ltr';
  }
  return 'ltr';
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

// Pictographs from U+2190 on are emoji or symbols no bundled font draws; ©, ® and ™ sit below and stay.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range starts at U+0000 on purpose, to say "below U+2190".
const EMOJI = /[\u{1F1E6}-\u{1F1FF}\u20E3]|(?=\p{Extended_Pictographic})[^\u0000-\u218F]/u;

/**
 * A text as the badge draws it: composed (NFC, so "e + ◌̈" is the ë the fonts have), without emoji
 * (no bundled font draws them, and a box is worse than nothing), spaces collapsed.
 */
export function displayText(text: string): string {
  let out = '';
  for (const { segment } of graphemes.segment(text.normalize('NFC'))) {
    if (!EMOJI.test(segment)) out += segment;
  }
  return out.replace(/[\s\u200B]+/gu, ' ').trim();
}

/** The grapheme clusters of a text (what a reader counts as characters). */
export function graphemesOf(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

const words = new Intl.Segmenter('und', { granularity: 'word' });

/**
 * Where each word of a text ends (UTF-16 offsets): where it may be cut without splitting a word.
 * ICU finds the words of texts written without spaces (Chinese, Japanese) from its dictionaries.
 */
export function wordEnds(text: string): number[] {
  return Array.from(words.segment(text))
    .filter((segment) => segment.isWordLike)
    .map((segment) => segment.index + segment.segment.length);
}

/**
 * The start of a story, at most maxChars characters (graphemes) with the ellipsis, cut after a
 * whole word; the whole story when it is short enough. Spaces are collapsed.
 */
export function quoteFrom(story: string, maxChars: number): string {
  const text = story.replace(/\s+/gu, ' ').trim();
  const characters = graphemesOf(text);
  if (characters.length <= maxChars) return text;
  const room = Math.max(1, maxChars - 1); // one character goes to the ellipsis
  const limit = characters.slice(0, room).join('').length; // in UTF-16 units
  const cut = wordEnds(text)
    .filter((end) => end <= limit)
    .at(-1);
  const kept = (cut ? text.slice(0, cut) : text.slice(0, limit)).replace(/[\s,;:(«“‘"'\-–—]+$/u, '');
  return `${kept}…`;
}
