import { constants, createDeflate, deflateSync } from 'node:zlib';
import { type PngChunk, readChunks, writeChunks } from '../../src/credentials/png-chunks.ts';

/**
 * A zlib stream that inflates to `mib` MiB of one byte, built in a few milliseconds: one MiB is
 * deflated and flushed (byte-aligned, not final), its blocks repeated, a final empty block and the
 * Adler-32 of the whole output appended. About a thousandth of its inflated size: 1 GiB in ~1 MB.
 */
export async function zlibBomb(mib: number, byte = 0x20): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const oneMib = Buffer.alloc(1 << 20, byte);
  const flushed = async () => {
    deflate.write(oneMib);
    await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    return Buffer.concat(out.splice(0));
  };
  const first = await flushed(); // with the zlib header
  const next = await flushed(); // refers back only within its own MiB
  deflate.destroy();
  // Adler-32 of n copies of `byte`: A = 1 + n·c, B = n + c·n(n+1)/2 (mod 65521).
  const n = BigInt(mib) * 1_048_576n;
  const c = BigInt(byte);
  const a = (1n + n * c) % 65521n;
  const b = (n + (c * n * (n + 1n)) / 2n) % 65521n;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(Number((b << 16n) | a));
  return Buffer.concat([first, ...Array<Buffer>(mib - 1).fill(next), Buffer.from([0x03, 0x00]), adler]);
}

/** An iTXt chunk whose text is compressed (flag 1, method 0), as other tools may write it. */
export function compressedItxt(keyword: string, deflated: Buffer): PngChunk {
  return { type: 'iTXt', data: Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 1, 0, 0, 0]), deflated]) };
}

/** An IHDR chunk: width, height, 8-bit RGBA unless told otherwise. */
export function ihdr(width: number, height: number, bitDepth = 8, colorType = 6, interlace = 0): PngChunk {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data[8] = bitDepth;
  data[9] = colorType;
  data[12] = interlace;
  return { type: 'IHDR', data };
}

/** A real RGB image of width × height, every scanline with filter 0. */
export function rgbPng(width: number, height: number): Buffer {
  const rows = Buffer.alloc(height * (1 + width * 3), 0x80);
  for (let y = 0; y < height; y++) rows[y * (1 + width * 3)] = 0;
  return writeChunks([ihdr(width, height, 8, 2), { type: 'IDAT', data: deflateSync(rows) }, { type: 'IEND', data: Buffer.alloc(0) }]);
}

/** The same PNG with its chunks changed (CRCs recomputed, so only the change itself is wrong). */
export function rewrite(png: Uint8Array, change: (chunks: PngChunk[]) => PngChunk[]): Buffer {
  return writeChunks(change(readChunks(png)));
}
