import { promisify } from 'node:util';
import { crc32, deflateRaw } from 'node:zlib';

/** One file of an archive: its name (UTF-8, `/` between folders), its content, when it was last changed. */
export interface ZipEntry {
  name: string;
  data: Uint8Array | string;
  modified?: Date;
}

// Without ZIP64 every count is 16 bits and every size and offset 32 bits.
export const ZIP_MAX_ENTRIES = 0xffff - 1;
export const ZIP_MAX_BYTES = 0xffffffff;

const deflate = promisify(deflateRaw);
const encoder = new TextEncoder();

const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
const FLAG_UTF8_NAME = 1 << 11;
// 2.0: deflate and folders; nothing newer is used, so the oldest readers open the archive.
const VERSION_NEEDED = 20;
// Made by "Unix" (3) so readers take the external attributes as a file mode (0644) rather than DOS bits.
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED;
const UNIX_FILE_0644 = (0o100644 << 16) >>> 0;

interface Written {
  name: Uint8Array;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  time: number;
  date: number;
  offset: number;
}

/**
 * A ZIP archive of `entries`, as chunks, one entry in memory at a time.
 *
 * Each entry's bytes are whole before its header is written, so the sizes and the CRC go in the local header and
 * no data descriptor follows: readers that walk local headers (streaming unzippers) then need no guessing, and
 * nothing is gained by descriptors when the content is not itself a stream. An entry is stored when deflating
 * would not make it smaller (PNGs). Names are flagged UTF-8 (bit 11). Dates are written in UTC, as the DOS format
 * has no zone. Limits (no ZIP64): fewer than 65,535 entries and 4 GiB in all; past them it throws.
 */
export async function* zipChunks(entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>): AsyncGenerator<Uint8Array> {
  const written: Written[] = [];
  const names = new Set<string>();
  let offset = 0;
  for await (const entry of entries) {
    if (written.length >= ZIP_MAX_ENTRIES) throw new RangeError(`a ZIP without ZIP64 holds at most ${ZIP_MAX_ENTRIES} entries`);
    if (names.has(entry.name)) throw new Error(`two entries named ${entry.name}`);
    names.add(entry.name);
    const name = encoder.encode(entry.name);
    if (name.length > 0xffff) throw new RangeError('an entry name is longer than 65,535 bytes');
    const data = typeof entry.data === 'string' ? encoder.encode(entry.data) : entry.data;
    const crc = crc32(data) >>> 0;
    const deflated = data.length > 0 ? new Uint8Array(await deflate(data, { level: 6 })) : data;
    const smaller = deflated.length < data.length;
    const body = smaller ? deflated : data;
    const { time, date } = dosDateTime(entry.modified ?? new Date(Date.UTC(1980, 0, 1)));
    const record: Written = {
      name,
      method: smaller ? METHOD_DEFLATED : METHOD_STORED,
      crc,
      compressedSize: body.length,
      size: data.length,
      time,
      date,
      offset,
    };
    const header = localHeader(record);
    if (offset + header.length + body.length > ZIP_MAX_BYTES) throw new RangeError('a ZIP without ZIP64 holds at most 4 GiB');
    written.push(record);
    offset += header.length + body.length;
    yield header;
    if (body.length > 0) yield body;
  }
  const directoryStart = offset;
  // Checked before the directory goes out, so an archive too big is refused before a reader is sent any of it.
  const directorySize = written.reduce((sum, record) => sum + 46 + record.name.length, 0);
  if (directoryStart + directorySize + 22 > ZIP_MAX_BYTES) throw new RangeError('a ZIP without ZIP64 holds at most 4 GiB');
  for (const record of written) yield centralHeader(record);
  yield endRecord(written.length, directorySize, directoryStart);
}

/** The same archive as a web stream, which a Hono handler can return as a response body. */
export function zipStream(entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>): ReadableStream<Uint8Array> {
  const chunks = zipChunks(entries);
  return new ReadableStream<Uint8Array>({
    // Pulled, not pushed: the next entry is read and deflated only when the client has taken the last one.
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

function localHeader(record: Written): Uint8Array {
  const out = new Uint8Array(30 + record.name.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x04034b50, true);
  view.setUint16(4, VERSION_NEEDED, true);
  view.setUint16(6, FLAG_UTF8_NAME, true);
  view.setUint16(8, record.method, true);
  view.setUint16(10, record.time, true);
  view.setUint16(12, record.date, true);
  view.setUint32(14, record.crc, true);
  view.setUint32(18, record.compressedSize, true);
  view.setUint32(22, record.size, true);
  view.setUint16(26, record.name.length, true);
  view.setUint16(28, 0, true);
  out.set(record.name, 30);
  return out;
}

function centralHeader(record: Written): Uint8Array {
  const out = new Uint8Array(46 + record.name.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x02014b50, true);
  view.setUint16(4, VERSION_MADE_BY, true);
  view.setUint16(6, VERSION_NEEDED, true);
  view.setUint16(8, FLAG_UTF8_NAME, true);
  view.setUint16(10, record.method, true);
  view.setUint16(12, record.time, true);
  view.setUint16(14, record.date, true);
  view.setUint32(16, record.crc, true);
  view.setUint32(20, record.compressedSize, true);
  view.setUint32(24, record.size, true);
  view.setUint16(28, record.name.length, true);
  // extra field length, comment length, disk number, internal attributes: all 0
  view.setUint32(38, UNIX_FILE_0644, true);
  view.setUint32(42, record.offset, true);
  out.set(record.name, 46);
  return out;
}

function endRecord(count: number, directorySize: number, directoryStart: number): Uint8Array {
  const out = new Uint8Array(22);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x06054b50, true);
  view.setUint16(8, count, true);
  view.setUint16(10, count, true);
  view.setUint32(12, directorySize, true);
  view.setUint32(16, directoryStart, true);
  return out;
}

// DOS time has two-second steps and starts in 1980; earlier dates are written as 1980-01-01.
function dosDateTime(when: Date): { time: number; date: number } {
  const year = when.getUTCFullYear();
  if (year < 1980) return { time: 0, date: (1 << 5) | 1 };
  const y = Math.min(year, 2107) - 1980;
  return {
    time: (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | (when.getUTCSeconds() >> 1),
    date: (y << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate(),
  };
}
