import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZIP_MAX_ENTRIES, type ZipEntry, zipChunks, zipStream } from '../../src/lib/zip.ts';

const folder = mkdtempSync(join(tmpdir(), 'elan-zip-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// Python's zipfile is the independent reader: present wherever the tests run, and it checks every CRC.
function python(script: string, ...args: string[]): string {
  return execFileSync('python3', ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

async function archive(entries: ZipEntry[], name: string): Promise<{ path: string; bytes: Buffer }> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of zipChunks(entries)) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  const path = join(folder, name);
  writeFileSync(path, bytes);
  return { path, bytes };
}

const incompressible = randomBytes(5 * 1024 * 1024);
const entries: ZipEntry[] = [
  { name: 'LISEZ-MOI.txt', data: 'Chaque fichier, et comment le vérifier.\n'.repeat(50), modified: new Date('2026-12-08T10:30:42Z') },
  { name: 'badges/Éloïse – café.png', data: new Uint8Array([137, 80, 78, 71, 1, 2, 3]) },
  { name: 'badges/지민.json', data: '{"name":"지민"}' },
  { name: 'vide.txt', data: '' },
  { name: 'bruit.bin', data: incompressible },
];

describe('a ZIP of the employee’s files', () => {
  it('opens in Python’s zipfile with every name, byte and CRC as written', async () => {
    const { path } = await archive(entries, 'all.zip');
    const listing = JSON.parse(
      python(
        `import json, sys, zipfile, hashlib
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(json.dumps([{"name": i.filename, "method": i.compress_type, "size": i.file_size, "csize": i.compress_size,
  "utf8": bool(i.flag_bits & 0x800), "date": list(i.date_time), "sha": hashlib.sha256(z.read(i)).hexdigest()} for i in z.infolist()]))`,
        path,
      ),
    ) as { name: string; method: number; size: number; csize: number; utf8: boolean; date: number[]; sha: string }[];
    const { createHash } = await import('node:crypto');
    expect(listing.map((file) => file.name)).toEqual(entries.map((entry) => entry.name));
    for (const [index, file] of listing.entries()) {
      const data = entries[index]?.data ?? '';
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      expect(file.size).toBe(bytes.length);
      expect(file.sha).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(file.utf8).toBe(true);
    }
    const [readme] = listing;
    expect(readme?.method).toBe(8);
    expect(readme?.csize).toBeLessThan(readme?.size ?? 0);
    expect(readme?.date).toEqual([2026, 12, 8, 10, 30, 42]);
    expect(listing[3]).toMatchObject({ name: 'vide.txt', size: 0, csize: 0, method: 0 });
    // Random bytes do not deflate: stored as they are, not grown by deflate's framing.
    expect(listing[4]).toMatchObject({ method: 0, size: 5 * 1024 * 1024, csize: 5 * 1024 * 1024 });
  });

  it('passes unzip’s own test and gives back each entry’s exact bytes', async (context) => {
    try {
      execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    } catch (error) {
      // Python's zipfile above reads every archive; unzip is a second opinion a laptop may lack, but CI must have it.
      if (process.env.CI === 'true') throw new Error(`unzip is needed in CI: ${String(error)}`);
      context.skip();
    }
    const { path } = await archive(entries, 'unzip.zip');
    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toContain('No errors detected');
    const listed = execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' });
    expect(listed.trim().split('\n')).toEqual(entries.map((entry) => entry.name));
    expect(execFileSync('unzip', ['-p', path, 'badges/지민.json'], { encoding: 'utf8' })).toBe('{"name":"지민"}');
    const noise = execFileSync('unzip', ['-p', path, 'bruit.bin'], { maxBuffer: 16 * 1024 * 1024 });
    expect(noise.equals(incompressible)).toBe(true);
  });

  it('streams entries as they come, one at a time, through a web stream', async () => {
    let produced = 0;
    async function* lazily(): AsyncGenerator<ZipEntry> {
      for (let i = 0; i < 3; i++) {
        produced++;
        yield { name: `fichier-${i}.txt`, data: `contenu ${i}` };
      }
    }
    const reader = zipStream(lazily()).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // The first chunk is out before the later entries were even asked for.
    expect(produced).toBe(1);
    const chunks: Uint8Array[] = [first.value as Uint8Array];
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    const path = join(folder, 'stream.zip');
    writeFileSync(path, Buffer.concat(chunks));
    const texts = python(
      `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print("|".join(z.read(n).decode() for n in z.namelist()))`,
      path,
    );
    expect(texts.trim()).toBe('contenu 0|contenu 1|contenu 2');
  });

  it('refuses an entry past the classic limit with a RangeError rather than write a broken file', async () => {
    function* many(): Generator<ZipEntry> {
      for (let i = 0; i <= ZIP_MAX_ENTRIES; i++) yield { name: `${i}`, data: '' };
    }
    await expect(
      (async () => {
        for await (const _ of zipChunks(many())) void _;
      })(),
    ).rejects.toThrow(RangeError);
  });

  it('refuses two entries of the same name, which readers would silently merge', async () => {
    const twice = zipChunks([
      { name: 'a.txt', data: '1' },
      { name: 'a.txt', data: '2' },
    ]);
    await expect(
      (async () => {
        for await (const _ of twice) void _;
      })(),
    ).rejects.toThrow('two entries named a.txt');
  });
});
