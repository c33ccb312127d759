import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createInflate, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export type PngChunk = { type: string; data: Buffer };

export class PngError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PngError';
  }
}

/** Splits a PNG into its chunks, checking the signature, each length and each CRC. */
export function readChunks(png: Uint8Array): PngChunk[] {
  const buffer = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buffer.length < SIGNATURE.length + 12 || !buffer.subarray(0, 8).equals(SIGNATURE)) throw new PngError('not a PNG file');
  const chunks: PngChunk[] = [];
  let offset = 8;
  while (offset < buffer.length) {
    if (offset + 12 > buffer.length) throw new PngError('truncated chunk');
    const length = buffer.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (length > 0x7fffffff || end > buffer.length) throw new PngError('chunk runs past the end of the file');
    const typeAndData = buffer.subarray(offset + 4, offset + 8 + length);
    if (crc32(typeAndData) !== buffer.readUInt32BE(offset + 8 + length)) throw new PngError('chunk checksum mismatch');
    const type = typeAndData.subarray(0, 4).toString('latin1');
    if (!/^[A-Za-z]{4}$/.test(type)) throw new PngError('bad chunk type');
    chunks.push({ type, data: Buffer.from(typeAndData.subarray(4)) });
    offset = end;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR' || chunks.at(-1)?.type !== 'IEND') throw new PngError('missing IHDR or IEND');
  return chunks;
}

/** Joins chunks back into a PNG file. */
export function writeChunks(chunks: PngChunk[]): Buffer {
  const parts: Buffer[] = [SIGNATURE];
  for (const chunk of chunks) {
    const header = Buffer.alloc(8);
    header.writeUInt32BE(chunk.data.length, 0);
    header.write(chunk.type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), chunk.data])), 0);
    parts.push(header, chunk.data, crc);
  }
  return Buffer.concat(parts);
}

/** An uncompressed iTXt chunk: keyword, no language tag, the UTF-8 text. */
export function itxtChunk(keyword: string, text: string): PngChunk {
  if (!/^[\x20-\x7e]{1,79}$/.test(keyword)) throw new PngError('bad iTXt keyword');
  return {
    type: 'iTXt',
    data: Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]),
  };
}

/**
 * The most text one compressed iTXt chunk may inflate to. A baked credential is a few kilobytes: this leaves
 * room for one that embeds its image as a data URL, while a compressed chunk can claim gigabytes in a few
 * (a "zip bomb") and whatever is inflated is then parsed and weighed, so inflating stops here.
 */
export const MAX_ITXT_TEXT_BYTES = 256 * 1024;

/**
 * Reads an iTXt chunk: its keyword and text, inflating compressed text (which Open Badges does not
 * bake, but other tools may write) up to MAX_ITXT_TEXT_BYTES; null for a chunk that is not a
 * well-formed iTXt. Compressed text that is corrupt or inflates past the cap is a PngError.
 */
export function parseItxt(chunk: PngChunk): { keyword: string; text: string } | null {
  if (chunk.type !== 'iTXt') return null;
  const data = chunk.data;
  const k = data.indexOf(0);
  if (k < 1 || k > 79 || k + 3 > data.length) return null;
  const compressed = data[k + 1];
  if ((compressed !== 0 && compressed !== 1) || data[k + 2] !== 0) return null;
  const languageEnd = data.indexOf(0, k + 3);
  if (languageEnd < 0) return null;
  const translatedEnd = data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) return null;
  const keyword = data.subarray(0, k).toString('latin1');
  const body = data.subarray(translatedEnd + 1);
  return { keyword, text: (compressed === 1 ? inflateText(body) : body).toString('utf8') };
}

function inflateText(body: Buffer): Buffer {
  try {
    return inflateSync(body, { maxOutputLength: MAX_ITXT_TEXT_BYTES });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw new PngError('compressed text inflates past the limit');
    throw new PngError('corrupt compressed text');
  }
}

/**
 * Bakes texts into a PNG as iTXt chunks placed just before IEND, replacing any chunk with the
 * same keyword (so re-baking never stacks two assertions).
 */
export function bakePng(png: Uint8Array, texts: Record<string, string>): Buffer {
  const keywords = new Set(Object.keys(texts));
  const chunks = readChunks(png).filter((chunk) => {
    const parsed = parseItxt(chunk);
    return !(parsed && keywords.has(parsed.keyword));
  });
  const iend = chunks.pop()!;
  for (const [keyword, text] of Object.entries(texts)) chunks.push(itxtChunk(keyword, text));
  chunks.push(iend);
  return writeChunks(chunks);
}

/**
 * The most text all of a PNG's iTXt chunks may hold together, inflated or not: what an uncompressed file of
 * /verify's upload cap could hold, so that many small compressed chunks cannot add up to more.
 */
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;

/** The iTXt texts baked into a PNG, by keyword (the first chunk of each keyword). */
export function unbakePng(png: Uint8Array): Record<string, string> {
  const found: Record<string, string> = {};
  let total = 0;
  for (const chunk of readChunks(png)) {
    const parsed = parseItxt(chunk);
    if (!parsed || Object.hasOwn(found, parsed.keyword)) continue;
    total += Buffer.byteLength(parsed.text);
    if (total > MAX_TEXT_BYTES) throw new PngError('too much text');
    found[parsed.keyword] = parsed.text;
  }
  return found;
}

/** Width and height from the IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const ihdr = readChunks(png)[0]!.data;
  if (ihdr.length < 8) throw new PngError('bad IHDR');
  return { width: ihdr.readUInt32BE(0), height: ihdr.readUInt32BE(4) };
}

/** What a PNG's header says about its pixels. */
export type PngHeader = { width: number; height: number; bitDepth: number; colorType: number; interlaced: boolean };

/** The largest side checkPngImage accepts: a badge is hundreds of pixels, and a bomb claims a hundred thousand. */
export const MAX_PNG_SIDE = 4096;
/** The most decompressed pixel data checkPngImage will inflate (4096 × 4096 RGBA, with a filter byte a row). */
export const MAX_PNG_PIXEL_BYTES = MAX_PNG_SIDE * (1 + MAX_PNG_SIDE * 4);

const CHANNELS: Record<number, { channels: number; depths: number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};

/** Reads and checks the IHDR chunk's fields (PNG specification, 11.2.2). */
export function readHeader(ihdr: PngChunk): PngHeader {
  const data = ihdr.data;
  if (ihdr.type !== 'IHDR' || data.length !== 13) throw new PngError('bad IHDR');
  const [width, height, bitDepth, colorType] = [data.readUInt32BE(0), data.readUInt32BE(4), data[8]!, data[9]!];
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) throw new PngError('bad image size');
  if (!CHANNELS[colorType]?.depths.includes(bitDepth)) throw new PngError('bad bit depth or colour type');
  if (data[10] !== 0 || data[11] !== 0 || (data[12] !== 0 && data[12] !== 1))
    throw new PngError('unknown compression, filter or interlace method');
  return { width, height, bitDepth, colorType, interlaced: data[12] === 1 };
}

// Adam7's seven passes: where each starts and how far apart its pixels are, across and down.
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** The scanlines the pixel data holds, as (rows, bytes a row without its filter byte) per pass. */
function scanlines(header: PngHeader): { rows: number; rowBytes: number }[] {
  const bitsPerPixel = CHANNELS[header.colorType]!.channels * header.bitDepth;
  const rowBytes = (width: number) => Math.ceil((width * bitsPerPixel) / 8);
  if (!header.interlaced) return [{ rows: header.height, rowBytes: rowBytes(header.width) }];
  return ADAM7.map(([x0, y0, dx, dy]) => ({
    columns: Math.ceil(Math.max(0, header.width - x0) / dx),
    rows: Math.ceil(Math.max(0, header.height - y0) / dy),
  }))
    .filter((pass) => pass.columns > 0 && pass.rows > 0)
    .map((pass) => ({ rows: pass.rows, rowBytes: rowBytes(pass.columns) }));
}

/**
 * Checks that a PNG is an image a decoder could draw without harm: a sound header of a sensible size,
 * its image data in one run of IDAT chunks (after the palette an indexed image needs), and that data
 * inflating to exactly the scanlines the header declares, each with a known filter. The pixels are
 * inflated as a stream and counted, never held, and inflating stops at the first byte too many: a
 * header or a data stream that claims gigabytes costs nothing. Throws PngError; returns the header.
 */
export async function checkPngImage(png: Uint8Array): Promise<PngHeader> {
  const chunks = readChunks(png);
  const header = readHeader(chunks[0]!);
  if (header.width > MAX_PNG_SIDE || header.height > MAX_PNG_SIDE) throw new PngError('image too large');
  const lines = scanlines(header);
  const expected = lines.reduce((sum, pass) => sum + pass.rows * (1 + pass.rowBytes), 0);
  if (expected > MAX_PNG_PIXEL_BYTES) throw new PngError('image too large');
  const first = chunks.findIndex((c) => c.type === 'IDAT');
  if (first < 0) throw new PngError('no image data');
  let last = first;
  while (chunks[last + 1]?.type === 'IDAT') last++;
  if (chunks.slice(last + 1).some((c) => c.type === 'IDAT')) throw new PngError('image data is split');
  if (header.colorType === 3 && !chunks.slice(0, first).some((c) => c.type === 'PLTE')) throw new PngError('no palette');

  // Where the next filter byte is: the first byte of each scanline.
  const rowStarts = lines.flatMap((pass) => Array.from({ length: pass.rows }, () => 1 + pass.rowBytes));
  let nextFilter = 0;
  let row = 0;
  let seen = 0;
  const counter = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (seen + chunk.length > expected) return done(new PngError('more image data than the header declares'));
      while (row < rowStarts.length && nextFilter < seen + chunk.length) {
        if (chunk[nextFilter - seen]! > 4) return done(new PngError('unknown scanline filter'));
        nextFilter += rowStarts[row++]!;
      }
      seen += chunk.length;
      done();
    },
  });
  try {
    await pipeline(
      (function* () {
        for (let i = first; i <= last; i++) yield chunks[i]!.data;
      })(),
      createInflate(),
      counter,
    );
  } catch (error) {
    throw error instanceof PngError ? error : new PngError('corrupt image data');
  }
  if (seen !== expected) throw new PngError('less image data than the header declares');
  return header;
}
