import { deflateSync } from 'node:zlib';
import { writeChunks } from '../credentials/png-chunks.ts';

/**
 * An opaque image as a PNG (8-bit RGBA), with a layer drawn over it first (source-over). Pixels are
 * RGBA with premultiplied alpha, as resvg gives them; the ground must be opaque.
 *
 * Our own encoder, because resvg's took longer than the rest of a badge's drawing and made larger
 * files. A text layer is mostly transparent, so only its drawn pixels are blended; scanlines are
 * copied whole, unfiltered, and deflated at a fast level (on these flat designs level 2 is both
 * faster and smaller than level 1).
 */
export function encodeOpaquePng(width: number, height: number, ground: Uint8Array, layer?: Uint8Array): Buffer {
  if (ground.length !== width * height * 4 || (layer && layer.length !== ground.length)) throw new Error('pixels do not match the size');
  const image = Uint8Array.from(ground);
  if (layer) drawOver(image, layer);
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height); // each scanline: filter type 0 (none), then the pixels
  for (let y = 0; y < height; y++) raw.set(image.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, per-line filters, not interlaced
  return writeChunks([
    { type: 'IHDR', data: header },
    { type: 'IDAT', data: deflateSync(raw, { level: 2 }) },
    { type: 'IEND', data: Buffer.alloc(0) },
  ]);
}

/** Source-over, in place, of a premultiplied layer on an opaque image; transparent pixels are skipped four bytes at a time. */
function drawOver(image: Uint8Array, layer: Uint8Array): void {
  const aligned = layer.byteOffset % 4 === 0 ? layer : Uint8Array.from(layer);
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >> 2);
  for (let p = 0; p < words.length; p++) {
    if (words[p] === 0) continue;
    const i = p << 2;
    const keep = 255 - aligned[i + 3]!;
    image[i] = aligned[i]! + ((image[i]! * keep + 127) / 255) | 0;
    image[i + 1] = aligned[i + 1]! + ((image[i + 1]! * keep + 127) / 255) | 0;
    image[i + 2] = aligned[i + 2]! + ((image[i + 2]! * keep + 127) / 255) | 0;
  }
}
