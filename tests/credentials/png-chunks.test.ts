import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  bakePng,
  checkPngImage,
  itxtChunk,
  MAX_ITXT_TEXT_BYTES,
  MAX_TEXT_BYTES,
  type PngChunk,
  PngError,
  parseItxt,
  pngSize,
  readChunks,
  unbakePng,
  writeChunks,
} from '../../src/credentials/png-chunks.ts';

/** A real 2×1 RGB PNG made from scratch. */
function tinyPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const pixels = deflateSync(Buffer.from([0, 255, 0, 0, 0, 0, 255]));
  return writeChunks([
    { type: 'IHDR', data: ihdr },
    { type: 'IDAT', data: pixels },
    { type: 'IEND', data: Buffer.alloc(0) },
  ]);
}

describe('baking a credential into a badge PNG', () => {
  it('adds uncompressed iTXt chunks before IEND that read back exactly, accents and all', () => {
    const assertion = JSON.stringify({
      id: 'http://localhost:3000/ob2/assertions/abc',
      recipient: { identity: 'sha256$00' },
      note: 'Zoë, Ngọc Anh, محمد',
    });
    const baked = bakePng(tinyPng(), { openbadges: assertion, openbadgecredential: '{"type":["VerifiableCredential"]}' });
    const chunks = readChunks(baked);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'iTXt', 'iTXt', 'IEND']);
    // keyword, NUL, compression flag 0, method 0, empty language, empty translated keyword
    expect(chunks[2]!.data.subarray(0, 16).toString('latin1')).toBe('openbadges\0\0\0\0\0{');
    expect(unbakePng(baked)).toEqual({ openbadges: assertion, openbadgecredential: '{"type":["VerifiableCredential"]}' });
    expect(pngSize(baked)).toEqual({ width: 2, height: 1 });
  });

  it('replaces an earlier bake rather than stacking a second assertion', () => {
    const once = bakePng(tinyPng(), { openbadges: 'first' });
    const twice = bakePng(once, { openbadges: 'second' });
    expect(readChunks(twice).filter((c) => c.type === 'iTXt')).toHaveLength(1);
    expect(unbakePng(twice).openbadges).toBe('second');
  });

  it('refuses what is not a sound PNG: another format, a truncated file, a corrupted chunk', () => {
    expect(() => readChunks(Buffer.from('GIF89a not a png at all'))).toThrow(PngError);
    const png = tinyPng();
    expect(() => readChunks(png.subarray(0, png.length - 6))).toThrow(PngError);
    const corrupted = Buffer.from(png);
    corrupted[40] = corrupted[40]! ^ 0xff;
    expect(() => readChunks(corrupted)).toThrow(/checksum|IEND|past the end/);
  });

  it('refuses a keyword the PNG format does not allow', () => {
    expect(() => itxtChunk('', 'x')).toThrow(PngError);
    expect(() => itxtChunk('k'.repeat(80), 'x')).toThrow(PngError);
  });
});

// Made by another encoder (ImageMagick 6), so the check is not judged by our own idea of the format:
// every colour type, bit depths from 1 to 16, with and without Adam7 interlacing.
const FOREIGN_PNGS: Record<string, string> = {
  'RGBA 8-bit, interlaced, 13 × 7':
    'iVBORw0KGgoAAAANSUhEUgAAAA0AAAAHCAYAAAGkd/eMAAAAWUlEQVQY05WN0Q2AMAhEHwnTOI90ns5T5nEe/DGVJmL0voB3x0lAB5A5GKOTNAmANsZNBrZYlxhEDfPPLHWMX6DskYOtTw/BF6nT0hpX+E2BOjuBIA8t1f0EwnMZlKobQzQAAAAASUVORK5CYII=',
  'palette 2-bit, interlaced, 5 × 3':
    'iVBORw0KGgoAAAANSUhEUgAAAAUAAAADAgMAAAFRXx39AAAACVBMVEX/AAAAAP8A/wCHDR4IAAAAEElEQVQI12NgAAMFMCnAAAABLwAxfd8z8QAAAABJRU5ErkJggg==',
  'grey 1-bit, interlaced, 9 × 5': 'iVBORw0KGgoAAAANSUhEUgAAAAkAAAAFAQAAAAHIL8tQAAAAC0lEQVQI12NgwA4AABgAAU0HakgAAAAASUVORK5CYII=',
  'RGB 16-bit, 3 × 3':
    'iVBORw0KGgoAAAANSUhEUgAAAAMAAAADEAIAAACJ2v6rAAAAIUlEQVQI12P8////////GZAAYwPDAYcGBhQhBoYGVBEGAJW5CP45BijTAAAAAElFTkSuQmCC',
  'grey and alpha 8-bit, 4 × 2': 'iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAQAAADVobXoAAAAFUlEQVQI12NkSGNgYGBgYGD5D6EZAA6gAWt1266TAAAAAElFTkSuQmCC',
  'grey and alpha 16-bit, interlaced, 5 × 5':
    'iVBORw0KGgoAAAANSUhEUgAAAAUAAAAFEAQAAAEA8QK7AAAAN0lEQVQI112KwQ0AIAjEimEjFnAz3YkBz4fEEPtsC2QAGSZlcMkYEtjmKaxOfJfxpUqzffy1cwA1Ug6VaHl4rwAAAABJRU5ErkJggg==',
};

const header = (width: number, height: number, bitDepth = 8, colorType = 2): PngChunk => {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data[8] = bitDepth;
  data[9] = colorType;
  return { type: 'IHDR', data };
};
const END: PngChunk = { type: 'IEND', data: Buffer.alloc(0) };
/** A 2 × 1 RGB image with these scanline bytes (filter byte first). */
const withPixels = (rows: number[], chunks: PngChunk[] = [header(2, 1)]) =>
  writeChunks([...chunks, { type: 'IDAT', data: deflateSync(Buffer.from(rows)) }, END]);

describe('checking that an uploaded PNG is an image a decoder could draw', () => {
  for (const [name, base64] of Object.entries(FOREIGN_PNGS)) {
    it(`accepts a sound PNG from another encoder: ${name}`, async () => {
      const png = Buffer.from(base64, 'base64');
      const [, width, height] = /(\d+) × (\d+)/.exec(name)!.map(Number);
      expect(await checkPngImage(png)).toMatchObject({ width, height });
    });
  }

  it('accepts the tiny PNG these tests bake into', async () => {
    expect(await checkPngImage(tinyPng())).toEqual({ width: 2, height: 1, bitDepth: 8, colorType: 2, interlaced: false });
  });

  it('refuses what a decoder would choke on, without inflating more than the header declares', async () => {
    const refusals: [string, Buffer][] = [
      ['a header of 100000 × 100000 pixels', withPixels([0, 1, 2, 3, 4, 5, 6], [header(100_000, 100_000)])],
      ['a header with a bit depth its colour type does not have', withPixels([0, 1, 2, 3, 4, 5, 6], [header(2, 1, 4, 2)])],
      ['one byte more than the header declares', withPixels([0, 1, 2, 3, 4, 5, 6, 7])],
      ['one byte less', withPixels([0, 1, 2, 3, 4, 5])],
      ['an unknown scanline filter', withPixels([7, 1, 2, 3, 4, 5, 6])],
      ['an indexed image without its palette', withPixels([0, 1], [header(2, 1, 8, 3)])],
      ['no image data', writeChunks([header(2, 1), END])],
      [
        'image data split around another chunk',
        writeChunks([
          header(2, 1),
          { type: 'IDAT', data: deflateSync(Buffer.from([0, 1, 2, 3, 4, 5, 6])) },
          itxtChunk('x', 'y'),
          { type: 'IDAT', data: Buffer.alloc(0) },
          END,
        ]),
      ],
      ['image data that is not zlib', writeChunks([header(2, 1), { type: 'IDAT', data: Buffer.from('not zlib at all') }, END])],
    ];
    for (const [what, png] of refusals) await expect(checkPngImage(png), what).rejects.toThrow(PngError);
  });
});

describe('reading iTXt text that another tool compressed', () => {
  const compressed = (keyword: string, text: Buffer): PngChunk => ({
    type: 'iTXt',
    data: Buffer.concat([Buffer.from(keyword), Buffer.from([0, 1, 0, 0, 0]), deflateSync(text)]),
  });

  it('inflates it', () => {
    expect(parseItxt(compressed('openbadges', Buffer.from('{"id":"Zoë"}')))).toEqual({ keyword: 'openbadges', text: '{"id":"Zoë"}' });
  });

  it('stops inflating at the cap, and refuses text that is corrupt', () => {
    expect(() => parseItxt(compressed('openbadges', Buffer.alloc(MAX_ITXT_TEXT_BYTES + 1, 0x20)))).toThrow(/limit/);
    expect(() =>
      parseItxt({ type: 'iTXt', data: Buffer.concat([Buffer.from('openbadges'), Buffer.from([0, 1, 0, 0, 0]), Buffer.from('not zlib')]) }),
    ).toThrow(PngError);
  });

  it('refuses a file whose texts together pass the cap, however many chunks share it', () => {
    const chunk = (keyword: string) => compressed(keyword, Buffer.alloc(MAX_ITXT_TEXT_BYTES - 1, 0x20));
    const texts = Array.from({ length: Math.floor(MAX_TEXT_BYTES / (MAX_ITXT_TEXT_BYTES - 1)) + 1 }, (_, i) => chunk(`k${i}`));
    const png = writeChunks([...readChunks(tinyPng()).slice(0, -1), ...texts, END]);
    expect(() => unbakePng(png)).toThrow(/too much text/);
  });
});
