import { crc32 } from 'node:zlib';

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

/** Reads an uncompressed iTXt chunk: its keyword and text; null for a compressed or malformed one. */
export function parseItxt(chunk: PngChunk): { keyword: string; text: string } | null {
  if (chunk.type !== 'iTXt') return null;
  const data = chunk.data;
  const k = data.indexOf(0);
  if (k < 1 || k + 3 > data.length) return null;
  if (data[k + 1] !== 0) return null; // compressed text: Open Badges bakes it uncompressed
  const languageEnd = data.indexOf(0, k + 3);
  if (languageEnd < 0) return null;
  const translatedEnd = data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) return null;
  return { keyword: data.subarray(0, k).toString('latin1'), text: data.subarray(translatedEnd + 1).toString('utf8') };
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

/** The iTXt texts baked into a PNG, by keyword. */
export function unbakePng(png: Uint8Array): Record<string, string> {
  const found: Record<string, string> = {};
  for (const chunk of readChunks(png)) {
    const parsed = parseItxt(chunk);
    if (parsed && !(parsed.keyword in found)) found[parsed.keyword] = parsed.text;
  }
  return found;
}

/** Width and height from the IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const ihdr = readChunks(png)[0]!.data;
  if (ihdr.length < 8) throw new PngError('bad IHDR');
  return { width: ihdr.readUInt32BE(0), height: ihdr.readUInt32BE(4) };
}
