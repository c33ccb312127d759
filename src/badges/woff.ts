import { inflateSync } from 'node:zlib';

/** What the badge code needs to know of a font: which characters it draws and how wide. */
export type FontFace = {
  unitsPerEm: number;
  /** The glyph drawing a code point, or 0 (.notdef) when the font has none. */
  glyphIndex: (codePoint: number) => number;
  /** Advance width of a glyph, in font units. */
  advanceWidth: (glyph: number) => number;
};

/**
 * A WOFF (1.0) font as the TrueType/OpenType data it wraps: the same tables, inflated, laid out as
 * Satori would lay them out itself. Satori is handed this rather than the WOFF file, because its own
 * JavaScript inflate leaves buffers per font file that malloc keeps for the life of the process.
 */
export function woffToSfnt(woff: Uint8Array): ArrayBuffer {
  const view = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (view.getUint32(0) !== WOFF_SIGNATURE) throw new Error('not a WOFF 1.0 font');
  const count = view.getUint16(12);
  const sfnt = new ArrayBuffer(view.getUint32(16)); // totalSfntSize
  const out = new DataView(sfnt);
  const bytes = new Uint8Array(sfnt);
  out.setUint32(0, view.getUint32(4)); // the flavour: TrueType or CFF
  out.setUint16(4, count);
  const entrySelector = Math.floor(Math.log2(count));
  const searchRange = (1 << entrySelector) * 16;
  out.setUint16(6, searchRange);
  out.setUint16(8, entrySelector);
  out.setUint16(10, count * 16 - searchRange);
  let at = 12 + count * 16;
  for (let i = 0; i < count; i++) {
    const entry = 44 + i * 20;
    const offset = view.getUint32(entry + 4);
    const compressed = view.getUint32(entry + 8);
    const original = view.getUint32(entry + 12);
    const record = 12 + i * 16;
    out.setUint32(record, view.getUint32(entry)); // tag
    out.setUint32(record + 4, view.getUint32(entry + 16)); // checksum
    out.setUint32(record + 8, at);
    out.setUint32(record + 12, original);
    const raw = woff.subarray(offset, offset + compressed);
    const table = compressed < original ? inflateSync(raw, { chunkSize: Math.max(64, original + 1) }) : raw;
    if (table.length !== original || at + original > sfnt.byteLength) throw new Error('corrupt WOFF table');
    bytes.set(table, at);
    at += (original + 3) & ~3;
  }
  return sfnt;
}

/**
 * Reads the character map and horizontal metrics of a TrueType/OpenType font: enough to tell whether
 * a text would show a .notdef box, and to measure a line before Satori lays it out.
 */
export function readFontFace(sfnt: ArrayBuffer | Uint8Array): FontFace {
  const tables = sfntTables(sfnt instanceof ArrayBuffer ? new Uint8Array(sfnt) : sfnt);
  const head = required(tables, 'head');
  const hhea = required(tables, 'hhea');
  const hmtx = required(tables, 'hmtx');
  const cmap = readCmap(required(tables, 'cmap'));
  const unitsPerEm = head.getUint16(18);
  const metricCount = hhea.getUint16(34);
  const lastAdvance = metricCount > 0 ? hmtx.getUint16((metricCount - 1) * 4) : 0;
  return {
    unitsPerEm,
    glyphIndex: (codePoint) => cmap.get(codePoint) ?? 0,
    // Glyphs past the last long metric share its advance (the monospaced tail of hmtx).
    advanceWidth: (glyph) => (glyph < metricCount ? hmtx.getUint16(glyph * 4) : lastAdvance),
  };
}

const WOFF_SIGNATURE = 0x774f4646;

function required(tables: Map<string, DataView>, tag: string): DataView {
  const table = tables.get(tag);
  if (!table) throw new Error(`font has no ${tag} table`);
  return table;
}

/** The tables of a TrueType/OpenType font, by tag, as views into it. */
function sfntTables(data: Uint8Array): Map<string, DataView> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const count = view.getUint16(4);
  const tables = new Map<string, DataView>();
  for (let i = 0; i < count; i++) {
    const record = 12 + i * 16;
    const tag = String.fromCharCode(data[record]!, data[record + 1]!, data[record + 2]!, data[record + 3]!);
    const offset = view.getUint32(record + 8);
    const length = view.getUint32(record + 12);
    if (offset + length > data.byteLength) throw new Error(`font table ${tag} runs past the end`);
    tables.set(tag, new DataView(data.buffer, data.byteOffset + offset, length));
  }
  return tables;
}

/** Code point → glyph, from the best Unicode subtable: format 12 (full range) or format 4 (BMP). */
function readCmap(cmap: DataView): Map<number, number> {
  const count = cmap.getUint16(2);
  let best: { offset: number; format: number } | null = null;
  for (let i = 0; i < count; i++) {
    const platform = cmap.getUint16(4 + i * 8);
    const encoding = cmap.getUint16(6 + i * 8);
    const offset = cmap.getUint32(8 + i * 8);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    const format = cmap.getUint16(offset);
    if (format === 12 && best?.format !== 12) best = { offset, format };
    else if (format === 4 && !best) best = { offset, format };
  }
  const map = new Map<number, number>();
  if (best?.format === 12) readFormat12(cmap, best.offset, map);
  else if (best?.format === 4) readFormat4(cmap, best.offset, map);
  return map;
}

function readFormat12(cmap: DataView, at: number, map: Map<number, number>): void {
  const groups = cmap.getUint32(at + 12);
  for (let i = 0; i < groups; i++) {
    const group = at + 16 + i * 12;
    const start = cmap.getUint32(group);
    const end = cmap.getUint32(group + 4);
    const glyph = cmap.getUint32(group + 8);
    for (let c = start; c <= end; c++) map.set(c, glyph + (c - start));
  }
}

function readFormat4(cmap: DataView, at: number, map: Map<number, number>): void {
  const segments = cmap.getUint16(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const start = cmap.getUint16(starts + s * 2);
    const end = cmap.getUint16(ends + s * 2);
    const delta = cmap.getUint16(deltas + s * 2);
    const rangeOffset = cmap.getUint16(rangeOffsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        // idRangeOffset counts from its own slot to the glyph id array entry.
        const raw = cmap.getUint16(rangeOffsets + s * 2 + rangeOffset + (c - start) * 2);
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) map.set(c, glyph);
    }
  }
}
