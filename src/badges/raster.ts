import { crc32, deflateSync } from 'node:zlib';

/**
 * An opaque image kept to be drawn over: the lines of its PNG before compression (each line a filter
 * byte, 0 for none, then its RGBA pixels), so an image drawn over it is one copy, the texts blended
 * in place, and one deflate.
 */
export type Ground = { width: number; height: number; lines: Buffer };

/** A part of a transparent layer: its place in the image, its size, and its RGBA pixels (premultiplied alpha, as resvg gives them). */
export type Layer = { left: number; top: number; width: number; height: number; pixels: Uint8Array };

/** The PNG lines of an opaque image, from its RGBA pixels (premultiplied alpha, as resvg gives them). */
function scanlines(width: number, height: number, pixels: Uint8Array): Buffer {
  if (pixels.length !== width * height * 4) throw new Error('pixels do not match the size');
  const stride = width * 4;
  const lines = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) lines.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return lines;
}

/** An opaque image kept to be drawn over, from its RGBA pixels. */
export function toGround(width: number, height: number, pixels: Uint8Array): Ground {
  return { width, height, lines: scanlines(width, height, pixels) };
}

/** An opaque image as a PNG (8-bit RGBA), from its RGBA pixels. */
export function encodeOpaquePng(width: number, height: number, pixels: Uint8Array): Buffer {
  return pngFile(width, height, deflateSync(scanlines(width, height, pixels), { level: 2 }));
}

/**
 * A ground with a layer drawn over it (source-over), as a PNG (8-bit RGBA). The layer's pixels are
 * RGBA with premultiplied alpha, as resvg gives them.
 *
 * Our own encoder, because resvg's was slower and made larger files (docs/performance.md). Only the
 * layer's drawn pixels are blended; scanlines are unfiltered and deflated at level 2.
 */
export function encodeLayeredPng(ground: Ground, layer: Layer): Buffer {
  const { width, height } = ground;
  if (
    layer.left < 0 ||
    layer.top < 0 ||
    layer.left + layer.width > width ||
    layer.top + layer.height > height ||
    layer.pixels.length !== layer.width * layer.height * 4
  ) {
    throw new Error('the layer does not fit the ground');
  }
  const lines = workspace(ground.lines.length);
  lines.set(ground.lines);
  drawOver(lines, width, layer);
  return pngFile(width, height, deflateSync(lines, { level: 2 }));
}

/**
 * Source-over, in place, of a premultiplied layer on opaque scanlines. Transparent pixels are
 * skipped eight at a time: a text layer is mostly empty.
 */
function drawOver(lines: Uint8Array, imageWidth: number, layer: Layer): void {
  const { pixels, width, height } = layer;
  const aligned = pixels.byteOffset % 4 === 0 ? pixels : Uint8Array.from(pixels);
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >> 2);
  const lineLength = imageWidth * 4 + 1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const out = (layer.top + y) * lineLength + 1 + layer.left * 4;
    for (let x = 0; x < width; x += 8) {
      const p = row + x;
      if (
        x + 8 <= width &&
        (words[p]! | words[p + 1]! | words[p + 2]! | words[p + 3]! | words[p + 4]! | words[p + 5]! | words[p + 6]! | words[p + 7]!) === 0
      )
        continue;
      const end = Math.min(x + 8, width);
      for (let k = x; k < end; k++) {
        if (words[row + k] === 0) continue;
        const i = (row + k) << 2;
        const o = out + (k << 2);
        const keep = 255 - aligned[i + 3]!;
        lines[o] = (aligned[i]! + (lines[o]! * keep + 127) / 255) | 0;
        lines[o + 1] = (aligned[i + 1]! + (lines[o + 1]! * keep + 127) / 255) | 0;
        lines[o + 2] = (aligned[i + 2]! + (lines[o + 2]! * keep + 127) / 255) | 0;
      }
    }
  }
}

const workspaces = new Map<number, Buffer>();
function workspace(length: number): Buffer {
  let buffer = workspaces.get(length);
  if (buffer) workspaces.delete(length);
  else {
    buffer = Buffer.allocUnsafe(length);
    if (workspaces.size >= 2) workspaces.delete(workspaces.keys().next().value!);
  }
  workspaces.set(length, buffer);
  return buffer;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The PNG file: signature, IHDR (8 bits, RGBA, not interlaced), one IDAT, IEND; written in one buffer. */
function pngFile(width: number, height: number, idat: Buffer): Buffer {
  const file = Buffer.allocUnsafe(8 + (12 + 13) + (12 + idat.length) + 12);
  file.set(SIGNATURE, 0);
  let at = 8;
  const chunk = (type: string, write: (dataAt: number) => number) => {
    file.write(type, at + 4, 'latin1');
    const length = write(at + 8);
    file.writeUInt32BE(length, at);
    file.writeUInt32BE(crc32(file.subarray(at + 4, at + 8 + length)), at + 8 + length);
    at += 12 + length;
  };
  chunk('IHDR', (dataAt) => {
    file.writeUInt32BE(width, dataAt);
    file.writeUInt32BE(height, dataAt + 4);
    file.set([8, 6, 0, 0, 0], dataAt + 8); // 8 bits, RGBA, deflate, per-line filters, not interlaced
    return 13;
  });
  chunk('IDAT', (dataAt) => idat.copy(file, dataAt));
  chunk('IEND', () => 0);
  return file;
}
