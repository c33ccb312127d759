import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { baseFonts, loadAdditionalAsset, missingGlyphs, parseUnicodeRanges, textMeasurer } from '../../src/badges/fonts.ts';
import { readFontFace, woffToSfnt } from '../../src/badges/woff.ts';

const require = createRequire(import.meta.url);
// Satori is handed the TrueType data each .woff wraps (woff.ts says why): version 1.0 or 'OTTO'.
const isSfnt = (data: unknown) =>
  ['00010000', '4f54544f'].includes(
    Buffer.from(data as ArrayBuffer)
      .subarray(0, 4)
      .toString('hex'),
  );
const hasGlyph = (data: unknown, char: string) => readFontFace(data as ArrayBuffer).glyphIndex(char.codePointAt(0)!) !== 0;

/** The OpenType checksum of a table: the sum of its big-endian 32-bit words, the last padded with zeros. */
function tableChecksum(bytes: Uint8Array): number {
  const padded = new Uint8Array((bytes.length + 3) & ~3);
  padded.set(bytes);
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

describe('the fonts of the badges', () => {
  it('start with Noto Sans in Latin, Vietnamese, Greek and Cyrillic, in two weights, decoded from WOFF', async () => {
    const fonts = await baseFonts();
    expect(fonts.map((f) => f.name)).toEqual(
      expect.arrayContaining(['Noto Sans latin', 'Noto Sans latin-ext', 'Noto Sans vietnamese', 'Noto Sans greek', 'Noto Sans cyrillic']),
    );
    expect(new Set(fonts.map((f) => f.weight))).toEqual(new Set([400, 700]));
    for (const font of fonts) expect(isSfnt(font.data)).toBe(true);
    expect(await baseFonts()).toBe(fonts); // the same list every time: Satori keeps its loader for it
  });

  it('decode a .woff into the very tables it wraps: each inflated table matches the checksum the font records', () => {
    const woff = readFileSync(require.resolve('@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff'));
    expect(woff.subarray(0, 4).toString('latin1')).toBe('wOFF'); // the package's file, never WOFF2
    const sfnt = new Uint8Array(woffToSfnt(woff));
    const view = new DataView(sfnt.buffer);
    const count = view.getUint16(4);
    expect(count).toBe(new DataView(woff.buffer, woff.byteOffset).getUint16(12));
    const tags: string[] = [];
    for (let i = 0; i < count; i++) {
      const record = 12 + i * 16;
      const tag = Buffer.from(sfnt.subarray(record, record + 4)).toString('latin1');
      tags.push(tag);
      const [checksum, offset, length] = [view.getUint32(record + 4), view.getUint32(record + 8), view.getUint32(record + 12)];
      expect(offset % 4).toBe(0);
      // head's checksum is taken with its checkSumAdjustment (bytes 8–11) set to zero.
      const table = Uint8Array.from(sfnt.subarray(offset, offset + length));
      if (tag === 'head') table.fill(0, 8, 12);
      expect(tableChecksum(table), tag).toBe(checksum);
    }
    expect(tags).toEqual(expect.arrayContaining(['cmap', 'glyf', 'head', 'hhea', 'hmtx', 'GSUB']));
    expect(readFontFace(sfnt).glyphIndex('م'.codePointAt(0)!)).not.toBe(0);
    expect(() => woffToSfnt(sfnt)).toThrow(/not a WOFF/);
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
      expect(isSfnt(font.data)).toBe(true);
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
    expect((await loadAdditionalAsset('devanagari', 'अनन्या')).map((f) => f.name)).toEqual([
      'Noto Sans Devanagari devanagari',
      'Noto Sans Devanagari devanagari',
    ]);
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
