import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Font } from 'satori';
import { isSatoriLocale, type SatoriLocale, scriptCodes, textLocale } from './scripts.ts';
import { type FontFace, readFontFace, woffToSfnt } from './woff.ts';

// Fonts come from the @fontsource packages, as .woff (Satori cannot read woff2), never from the
// system, so an image is the same on every machine; each file is decoded here, once, and Satori is
// handed the TrueType data (woff.ts says why). Noto Sans in Latin with accents, Vietnamese, Greek
// and Cyrillic is read at the first render; Arabic, Hebrew, Devanagari, Chinese, Japanese and Korean
// only when a text needs them, through Satori's loadAdditionalAsset, and for CJK only the small
// unicode-range subset files that hold the characters needed.

/** The weights the designs use; each font file is loaded in both. */
export const FONT_WEIGHTS = [400, 700] as const;
export type FontWeight = (typeof FONT_WEIGHTS)[number];

/** Width of a text on one line, in pixels, as Satori will draw it (kerning aside, so a hair wide). */
export type MeasureText = (text: string, fontSize: number, weight: FontWeight, letterSpacing?: number) => number;

/** A font file, decoded: its TrueType data (what Satori is handed) and what fonts.ts reads of it. */
type FontFile = { data: ArrayBuffer; face: FontFace };
type Subset = { pkg: ScriptPackage; key: string };

type ScriptPackage = {
  id: string;
  family: string;
  /** Which subsets of the package's unicode.json hold the script (the Latin ones duplicate the base fonts). */
  holdsScript: (subsetKey: string) => boolean;
};

const BASE_PACKAGE = 'noto-sans';
/** In Satori's fallback order: a character takes the first of these that has it. */
const BASE_SUBSETS = ['latin', 'latin-ext', 'vietnamese', 'greek', 'greek-ext', 'cyrillic', 'cyrillic-ext'] as const;

const isNumberedSubset = (key: string) => key.startsWith('[');
const PACKAGES: Record<string, ScriptPackage> = {
  arabic: { id: 'noto-sans-arabic', family: 'Noto Sans Arabic', holdsScript: (key) => key === 'arabic' },
  hebrew: { id: 'noto-sans-hebrew', family: 'Noto Sans Hebrew', holdsScript: (key) => key === 'hebrew' },
  devanagari: { id: 'noto-sans-devanagari', family: 'Noto Sans Devanagari', holdsScript: (key) => key === 'devanagari' },
  sc: { id: 'noto-sans-sc', family: 'Noto Sans SC', holdsScript: isNumberedSubset },
  jp: { id: 'noto-sans-jp', family: 'Noto Sans JP', holdsScript: isNumberedSubset },
  kr: { id: 'noto-sans-kr', family: 'Noto Sans KR', holdsScript: isNumberedSubset },
};
const ALL_PACKAGES = ['sc', 'jp', 'kr', 'arabic', 'hebrew', 'devanagari'];

/** Which packages may draw a character of each Satori locale, best first (Han is in all three CJK fonts). */
const PACKAGES_FOR_CODE: Record<string, string[]> = {
  'ja-JP': ['jp', 'sc', 'kr'],
  'zh-CN': ['sc', 'jp', 'kr'],
  'zh-TW': ['sc', 'jp', 'kr'],
  'zh-HK': ['sc', 'jp', 'kr'],
  'ko-KR': ['kr', 'sc', 'jp'],
  'ar-AR': ['arabic'],
  'he-IL': ['hebrew'],
  devanagari: ['devanagari'],
  unknown: ALL_PACKAGES,
};

const require = createRequire(import.meta.url);
const packageDir = (pkg: string) => dirname(require.resolve(`@fontsource/${pkg}/unicode.json`));
const subsetFileName = (pkg: string, subsetKey: string, weight: FontWeight) =>
  `${pkg}-${subsetKey.replace(/[[\]]/g, '')}-${weight}-normal.woff`;

/**
 * Font files read so far, by file name. It exists so that a render, a measure and a glyph check read
 * and decode a subset file once, and hand Satori the same data again (Satori's parse cache is keyed
 * on it). It holds at most MAX_CACHED_FILES files, oldest out first. Satori also keeps every font handed
 * to it for the life of the process, bounded by the packages' subset files and in practice the few that
 * real names need.
 */
const fileCache = new Map<string, Promise<FontFile>>();
const MAX_CACHED_FILES = 256;

async function fontFile(pkg: string, fileName: string): Promise<FontFile> {
  const cached = fileCache.get(fileName);
  if (cached) {
    fileCache.delete(fileName);
    fileCache.set(fileName, cached);
    return cached;
  }
  const loading = readFile(join(packageDir(pkg), 'files', fileName)).then(decode);
  loading.catch(() => fileCache.delete(fileName));
  fileCache.set(fileName, loading);
  if (fileCache.size > MAX_CACHED_FILES) fileCache.delete(fileCache.keys().next().value!);
  return loading;
}

function decode(woff: Uint8Array): FontFile {
  const data = woffToSfnt(woff);
  return { data, face: readFontFace(data) };
}

type Base = { fonts: Font[]; faces: Record<FontWeight, FontFace[]> };
let base: Promise<Base> | undefined;

/** The base fonts, read at first use and kept: the same array every time, so Satori reuses its loader. */
function loadBase(): Promise<Base> {
  base ??= (async () => {
    const fonts: Font[] = [];
    const faces: Record<FontWeight, FontFace[]> = { 400: [], 700: [] };
    for (const subset of BASE_SUBSETS) {
      for (const weight of FONT_WEIGHTS) {
        const file = decode(await readFile(join(packageDir(BASE_PACKAGE), 'files', subsetFileName(BASE_PACKAGE, subset, weight))));
        fonts.push({ name: `Noto Sans ${subset}`, data: file.data, weight, style: 'normal' });
        faces[weight].push(file.face);
      }
    }
    return { fonts, faces };
  })();
  base.catch(() => {
    base = undefined;
  });
  return base;
}

/** The fonts every render starts with: Noto Sans in Latin (with accents), Vietnamese, Greek and Cyrillic. */
export async function baseFonts(): Promise<Font[]> {
  return (await loadBase()).fonts;
}

type Range = { start: number; end: number; key: string };

/**
 * A package's ranges, sorted, in typed arrays: Chinese, Japanese and Korean hold thousands of ranges
 * each, which as objects would weigh on the JS heap for the life of the process.
 */
type RangeList = { starts: Uint32Array; ends: Uint32Array; subsets: Uint16Array; keys: string[] };

// One range list per package (six at most), read from its unicode.json at first need.
const rangeLists = new Map<string, Promise<RangeList>>();

function rangesOf(pkg: ScriptPackage): Promise<RangeList> {
  let ranges = rangeLists.get(pkg.id);
  if (!ranges) {
    ranges = readFile(join(packageDir(pkg.id), 'unicode.json'), 'utf8').then((json) =>
      rangeList(parseUnicodeRanges(JSON.parse(json), pkg.holdsScript)),
    );
    rangeLists.set(pkg.id, ranges);
  }
  return ranges;
}

function rangeList(ranges: Range[]): RangeList {
  const keys = [...new Set(ranges.map((range) => range.key))];
  const index = new Map(keys.map((key, i) => [key, i]));
  return {
    starts: Uint32Array.from(ranges, (range) => range.start),
    ends: Uint32Array.from(ranges, (range) => range.end),
    subsets: Uint16Array.from(ranges, (range) => index.get(range.key)!),
    keys,
  };
}

/** The unicode-range lists of a fontsource unicode.json (`{"[4]": "U+1f1e9-1f1f5,U+1f21a"}`), sorted. */
export function parseUnicodeRanges(subsets: Record<string, string>, keep: (key: string) => boolean = () => true): Range[] {
  const ranges: Range[] = [];
  for (const [key, list] of Object.entries(subsets)) {
    if (!keep(key)) continue;
    for (const item of list.split(',')) {
      const [from = '', to] = item.trim().replace(/^U\+/i, '').split('-');
      const start = Number.parseInt(from, 16);
      if (Number.isNaN(start)) continue;
      ranges.push({ start, end: to ? Number.parseInt(to, 16) : start, key });
    }
  }
  return ranges.sort((a, b) => a.start - b.start);
}

/** The subset whose range holds a code point (ranges of a package do not overlap). */
function subsetKeyFor(ranges: RangeList, codePoint: number): string | undefined {
  let low = 0;
  let high = ranges.starts.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codePoint < ranges.starts[middle]!) high = middle - 1;
    else if (codePoint > ranges.ends[middle]!) low = middle + 1;
    else return ranges.keys[ranges.subsets[middle]!];
  }
  return undefined;
}

/** The base font that draws a code point, or undefined. */
function baseFaceFor(faces: FontFace[], codePoint: number): FontFace | undefined {
  return faces.find((face) => face.glyphIndex(codePoint) !== 0);
}

/**
 * The script subset that draws a code point, trying the packages of Satori's codes in order; a
 * subset counts only if its file really has the glyph (a unicode range is a promise, not a cmap).
 */
async function scriptSubsetFor(codePoint: number, codes: string[], weight: FontWeight): Promise<(Subset & { face: FontFace }) | undefined> {
  const ids = [...new Set(codes.flatMap((code) => PACKAGES_FOR_CODE[code] ?? []))];
  for (const id of ids) {
    const pkg = PACKAGES[id]!;
    const key = subsetKeyFor(await rangesOf(pkg), codePoint);
    if (!key) continue;
    const file = await fontFile(pkg.id, subsetFileName(pkg.id, key, weight));
    if (file.face.glyphIndex(codePoint) !== 0) return { pkg, key, face: file.face };
  }
  return undefined;
}

// Characters that draw nothing of their own: joiners, direction marks, variation selectors, controls.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the class lists code points one by one; none is meant as a sequence.
const INVISIBLE = /[\p{Cf}\p{Cc}\uFE00-\uFE0F]/u;

/**
 * Satori's loadAdditionalAsset: the fonts for a segment of text that the fonts it has cannot draw.
 * `languageCode` is Satori's guess at the script ("ar-AR", "ja-JP|zh-CN|zh-TW|zh-HK", "unknown"…), the
 * element's `lang` first. Each font is tagged with that locale, so Satori counts it for the
 * element's locale and does not ask again (only a render running alongside the first one to need a
 * file may get it too). Emoji get nothing: displayText takes them out first.
 */
export async function loadAdditionalAsset(languageCode: string, segment: string): Promise<Font[]> {
  if (languageCode === 'emoji') return [];
  const codes = languageCode.split('|');
  const locale = isSatoriLocale(codes[0]) ? codes[0] : undefined;
  const subsets = new Map<string, Subset>();
  for (const char of segment) {
    if (INVISIBLE.test(char)) continue;
    const found = await scriptSubsetFor(char.codePointAt(0)!, codes, 400);
    if (found) subsets.set(`${found.pkg.id}/${found.key}`, found);
  }
  const fonts: Font[] = [];
  for (const { pkg, key } of subsets.values()) {
    for (const weight of FONT_WEIGHTS) {
      const file = await fontFile(pkg.id, subsetFileName(pkg.id, key, weight));
      fonts.push({
        name: `${pkg.family} ${key.replace(/[[\]]/g, '')}`,
        data: file.data,
        weight,
        style: 'normal',
        ...(locale ? { lang: locale } : {}),
      });
    }
  }
  return fonts;
}

/** The face that will draw a character of a text, as Satori picks it: the base fonts, then a script font. */
async function faceFor(
  char: string,
  locale: SatoriLocale | undefined,
  weight: FontWeight,
  faces: FontFace[],
): Promise<FontFace | undefined> {
  const codePoint = char.codePointAt(0)!;
  return baseFaceFor(faces, codePoint) ?? (await scriptSubsetFor(codePoint, scriptCodes(char, locale), weight))?.face;
}

/**
 * The characters of a text that no bundled font draws: each would show as a box (.notdef). Empty
 * when every character has a glyph, in both weights, in the fonts a render would use.
 */
export async function missingGlyphs(text: string): Promise<string[]> {
  const { faces } = await loadBase();
  const normal = text.normalize('NFC');
  const locale = textLocale(normal);
  const missing = new Set<string>();
  for (const char of normal) {
    if (INVISIBLE.test(char) || char === ' ') continue;
    for (const weight of FONT_WEIGHTS) {
      if (!(await faceFor(char, locale, weight, faces[weight]))) missing.add(char);
    }
  }
  return [...missing];
}

/**
 * A synchronous measure for the given texts, after loading every font their characters need.
 * Any text in the base fonts' scripts measures too; a script character not prepared counts as a box.
 */
export async function textMeasurer(texts: string[]): Promise<MeasureText> {
  const { faces } = await loadBase();
  // By character only: a line cut from a prepared text measures with the fonts of the whole text.
  const prepared = new Map<string, FontFace | undefined>();
  for (const text of texts) {
    const locale = textLocale(text);
    for (const char of text) {
      for (const weight of FONT_WEIGHTS) {
        const key = `${weight}|${char}`;
        if (!prepared.has(key)) prepared.set(key, await faceFor(char, locale, weight, faces[weight]));
      }
    }
  }
  return (text, fontSize, weight, letterSpacing = 0) => {
    let width = 0;
    let clusters = 0;
    for (const char of text) {
      if (INVISIBLE.test(char)) continue;
      const face = prepared.get(`${weight}|${char}`) ?? baseFaceFor(faces[weight], char.codePointAt(0)!) ?? faces[weight][0]!;
      width += (face.advanceWidth(face.glyphIndex(char.codePointAt(0)!)) / face.unitsPerEm) * fontSize;
      clusters++;
    }
    return width + letterSpacing * Math.max(0, clusters - 1);
  };
}
