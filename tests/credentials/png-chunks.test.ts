import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bakePng, itxtChunk, PngError, pngSize, readChunks, unbakePng, writeChunks } from '../../src/credentials/png-chunks.ts';

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
    const assertion = JSON.stringify({ id: 'http://localhost:3000/ob2/assertions/abc', recipient: { identity: 'sha256$00' }, note: 'Zoë, Ngọc Anh, محمد' });
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
