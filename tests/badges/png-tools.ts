import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { readChunks } from '../../src/credentials/png-chunks.ts';

const OUTPUT = new URL('../.output/badges/', import.meta.url);

/** Writes a PNG the tests made to tests/.output/badges/, to be looked at. */
export function keep(name: string, png: Uint8Array): void {
  mkdirSync(OUTPUT, { recursive: true });
  writeFileSync(new URL(`${name}.png`, OUTPUT), png);
}

/** SHA-256 of the bytes, hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Width, height, bit depth and colour type, from the IHDR chunk. */
export function pngHeader(png: Uint8Array): { width: number; height: number; bitDepth: number; colorType: number } {
  const ihdr = readChunks(png)[0]!.data;
  return { width: ihdr.readUInt32BE(0), height: ihdr.readUInt32BE(4), bitDepth: ihdr[8]!, colorType: ihdr[9]! };
}

/** The RGB pixels of an 8-bit truecolour PNG, with or without alpha (what the renderer writes), undoing each line's filter. */
export function rgbPixels(png: Uint8Array): {
  width: number;
  height: number;
  opaque: boolean;
  at: (x: number, y: number) => [number, number, number];
} {
  const { width, height, bitDepth, colorType } = pngHeader(png);
  if (bitDepth !== 8 || (colorType !== 2 && colorType !== 6)) throw new Error('expected 8-bit RGB or RGBA');
  const bpp = colorType === 6 ? 4 : 3;
  const data = inflateSync(
    Buffer.concat(
      readChunks(png)
        .filter((c) => c.type === 'IDAT')
        .map((c) => c.data),
    ),
  );
  const stride = width * bpp;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const raw = data[y * (stride + 1) + 1 + i]!;
      const left = i >= bpp ? out[y * stride + i - bpp]! : 0;
      const up = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const upLeft = y > 0 && i >= bpp ? out[(y - 1) * stride + i - bpp]! : 0;
      const p = left + up - upLeft;
      const paeth =
        Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - upLeft)
          ? left
          : Math.abs(p - up) <= Math.abs(p - upLeft)
            ? up
            : upLeft;
      const predicted = [0, left, up, (left + up) >> 1, paeth][filter]!;
      out[y * stride + i] = (raw + predicted) & 0xff;
    }
  }
  const at = (x: number, y: number): [number, number, number] => {
    const i = y * stride + x * bpp;
    return [out[i]!, out[i + 1]!, out[i + 2]!];
  };
  let opaque = true;
  if (bpp === 4) for (let i = 3; i < out.length && opaque; i += 4) opaque = out[i] === 255;
  return { width, height, opaque, at };
}

/**
 * The box around the paths of a colour in a Satori SVG (glyphs are paths with absolute coordinates),
 * keeping only the paths whose first point passes `where` when it is given.
 */
export function inkBounds(
  svg: string,
  fill: string,
  where: (x: number, y: number) => boolean = () => true,
): { left: number; right: number; top: number; bottom: number } | undefined {
  let bounds: { left: number; right: number; top: number; bottom: number } | undefined;
  for (const match of svg.matchAll(/<path\b([^>]*)\/?>/g)) {
    const attributes = match[1]!;
    if (!attributes.includes(`fill="${fill}"`) || attributes.includes('transform=')) continue;
    const numbers = (/\bd="([^"]*)"/.exec(attributes)?.[1] ?? '').match(/-?\d*\.?\d+(?:e-?\d+)?/g)?.map(Number) ?? [];
    if (numbers.length < 2 || !where(numbers[0]!, numbers[1]!)) continue;
    for (let i = 0; i + 1 < numbers.length; i += 2) {
      const [x, y] = [numbers[i]!, numbers[i + 1]!];
      bounds = bounds
        ? {
            left: Math.min(bounds.left, x),
            right: Math.max(bounds.right, x),
            top: Math.min(bounds.top, y),
            bottom: Math.max(bounds.bottom, y),
          }
        : { left: x, right: x, top: y, bottom: y };
    }
  }
  return bounds;
}
