import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { baseFonts, loadAdditionalAsset, missingGlyphs, parseUnicodeRanges, textMeasurer } from '../../src/badges/fonts.ts';
import { readWoffFace } from '../../src/badges/woff.ts';

const require = createRequire(import.meta.url);
const isWoff = (data: unknown) => Buffer.from(data as Uint8Array).subarray(0, 4).toString('latin1') === 'wOFF';
const hasGlyph = (data: unknown, char: string) => readWoffFace(data as Uint8Array).glyphIndex(char.codePointAt(0)!) !== 0;

describe('the fonts of the badges', () => {
  it('start with Noto Sans in Latin, Vietnamese, Greek and Cyrillic, as WOFF (never WOFF2), in two weights', async () => {
    const fonts = await baseFonts();
    expect(fonts.map((f) => f.name)).toEqual(expect.arrayContaining(['Noto Sans latin', 'Noto Sans latin-ext', 'Noto Sans vietnamese', 'Noto Sans greek', 'Noto Sans cyrillic']));
    expect(new Set(fonts.map((f) => f.weight))).toEqual(new Set([400, 700]));
    for (const font of fonts) expect(isWoff(font.data)).toBe(true);
    expect(await baseFonts()).toBe(fonts); // the same list every time: Satori keeps its loader for it
  });

  it('read a fontsource unicode.json: subsets and their ranges', () => {
    expect(parseUnicodeRanges({ '[4]': 'U+1f1e9-1f1f5,U+1f21a', latin: 'U+0000-00FF' }, (key) => key.startsWith('['))).toEqual([
      { start: 0x1f1e9, end: 0x1f1f5, key: '[4]' },
      { start: 0x1f21a, end: 0x1f21a, key: '[4]' },
    ]);
  });

  it('load, for a Chinese name, only the Noto Sans SC subset files holding its characters', async () => {
    const fonts = await loadAdditionalAsset('zh-CN|ja-JP|zh-TW|zh-HK', '王小明');
    const files = new Set(fonts.map((f) => f.name));
    expect(files.size).toBeGreaterThanOrEqual(1);
    expect(files.size).toBeLessThanOrEqual(3);
    expect(fonts).toHaveLength(files.size * 2); // each in 400 and 700
    for (const font of fonts) {
      expect(font.name).toMatch(/^Noto Sans SC \d+$/);
      expect(font.lang).toBe('zh-CN');
      expect(isWoff(font.data)).toBe(true);
    }
    for (const char of '王小明') expect(fonts.some((f) => hasGlyph(f.data, char))).toBe(true);
    // A subset file is a small part of the package.
    const sc = require.resolve('@fontsource/noto-sans-sc/unicode.json');
    expect(Object.keys(JSON.parse(readFileSync(sc, 'utf8'))).length).toBeGreaterThan(90);
  });

  it('follow the element’s language for Han: Japanese when Satori asks for Japanese first', async () => {
    const fonts = await loadAdditionalAsset('ja-JP|zh-CN|zh-TW|zh-HK', '藤');
    expect(fonts[0]?.name).toMatch(/^Noto Sans JP \d+$/);
    expect(fonts[0]?.lang).toBe('ja-JP');
  });

  it('load Arabic, Hebrew, Devanagari, Japanese kana and Korean from their own packages', async () => {
    expect((await loadAdditionalAsset('ar-AR', 'محمد')).map((f) => f.name)).toEqual(['Noto Sans Arabic arabic', 'Noto Sans Arabic arabic']);
    expect((await loadAdditionalAsset('he-IL', 'יעל')).map((f) => f.name)).toEqual(['Noto Sans Hebrew hebrew', 'Noto Sans Hebrew hebrew']);
    expect((await loadAdditionalAsset('devanagari', 'अनन्या')).map((f) => f.name)).toEqual(['Noto Sans Devanagari devanagari', 'Noto Sans Devanagari devanagari']);
    expect((await loadAdditionalAsset('ja-JP', 'さくら'))[0]?.name).toMatch(/^Noto Sans JP \d+$/);
    expect((await loadAdditionalAsset('ko-KR', '민준'))[0]?.name).toMatch(/^Noto Sans KR \d+$/);
  });

  it('give no font for emoji (they are left out of the texts) nor for a script they do not cover', async () => {
    expect(await loadAdditionalAsset('emoji', '😊')).toEqual([]);
    expect(await loadAdditionalAsset('th-TH', 'ไทย')).toEqual([]);
  });
});

describe('the glyph check', () => {
  it('finds every letter of names in the scripts the fonts cover', async () => {
    expect(await missingGlyphs('Zoë Łukasz Ngọc Σοφία Анастасия')).toEqual([]);
    expect(await missingGlyphs('Zoe\u0308')).toEqual([]); // a decomposed ë, as some keyboards type it
  });

  it('names the characters that would show as boxes', async () => {
    expect(await missingGlyphs('Zoë 🌟')).toEqual(['🌟']);
    expect(await missingGlyphs('สมชาย')).toEqual(['ส', 'ม', 'ช', 'า', 'ย']);
  });
});

describe('measuring a line before Satori draws it', () => {
  it('grows with the size and the text, and counts letter spacing between letters', async () => {
    const measure = await textMeasurer(['Zoë', '王小明']);
    expect(measure('Zoë', 20, 700)).toBeCloseTo(measure('Zoë', 10, 700) * 2, 6);
    expect(measure('Zoë', 20, 700)).toBeGreaterThan(measure('Zoë', 20, 400));
    expect(measure('Zoë', 20, 700, 5)).toBeCloseTo(measure('Zoë', 20, 700) + 10, 6);
    expect(measure('王小明', 20, 400)).toBeCloseTo(60, 0); // CJK ideographs are one em wide
  });
});
