import { randomBytes } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChunks, writeChunks } from '../../src/credentials/png-chunks.ts';
import { VERIFY_UPLOAD_LIMIT } from '../../src/credentials/verify-routes.tsx';
import { type Lang, type MessageKey, translator } from '../../src/i18n/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { approvedAward, claim, ORIGIN } from '../helpers/journey.ts';
import { compressedItxt, ihdr, rewrite, rgbPng, zlibBomb } from './png-bombs.ts';

/**
 * A visitor uploads a badge to /verify (or a client to POST /api/v1/verify). Whatever the file — a
 * broken PNG, a PNG whose header or text claims gigabytes, something else dressed as a PNG, too much
 * — the answer comes at once, in the page's language, with a 4xx, and memory stays flat.
 */

let t: TestApp;
let baked: Uint8Array;
let awardId: string;

beforeAll(async () => {
  // Every case is sent many times over from one address: the per-address limit has its own test (verify-budget).
  t = await createTestApp({ env: { VERIFY_RATE_LIMIT: '100000/minute' } });
  const rouge = await t.addWorkplace('cafe-rouge');
  const manager = await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);
  const award = await approvedAward(t, manager);
  awardId = award.awardId;
  expect((await claim(t, award.token)).status).toBe(200);
  const png = await t.app.request(`/b/${awardId}/badge.png`);
  expect(png.status).toBe(200);
  baked = new Uint8Array(await png.arrayBuffer());
}, 60_000);
afterAll(() => t.close());

type Upload = { bytes: Uint8Array; name: string; type: string };
const png = (bytes: Uint8Array): Upload => ({ bytes, name: 'badge.png', type: 'image/png' });

/** Uploads a file as the page's form does, or as an API client does. */
async function upload(where: 'page' | 'api', file: Upload, lang: Lang) {
  const form = new FormData();
  form.append('file', new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type }));
  const path = where === 'page' ? '/verify' : '/api/v1/verify';
  return t.app.request(`${path}?lang=${lang}`, {
    method: 'POST',
    headers: { ...ORIGIN, accept: where === 'page' ? 'text/html' : 'application/json' },
    body: form,
  });
}

/** Where a chunk's data starts in the file. */
function dataOffset(file: Uint8Array, type: string): number {
  let offset = 8;
  for (const chunk of readChunks(file)) {
    if (chunk.type === type) return offset + 8;
    offset += 12 + chunk.data.length;
  }
  throw new Error(`no ${type} chunk`);
}

const flipped = (file: Uint8Array, at: number) => {
  const copy = Uint8Array.from(file);
  copy[at] = copy[at]! ^ 0xff;
  return copy;
};
const beforeIend = (file: Uint8Array, ...extra: ReturnType<typeof readChunks>) =>
  rewrite(file, (chunks) => [...chunks.slice(0, -1), ...extra, chunks.at(-1)!]);

type Case = { name: string; file: () => Promise<Upload> | Upload; status: number; code: string; key: MessageKey };

const CASES: Case[] = [
  { name: 'a PNG whose signature is broken', file: () => png(flipped(baked, 6)), status: 400, code: 'bad_png', key: 'verify.badPng' },
  {
    name: 'a PNG cut off in the middle of a chunk',
    file: () => png(baked.subarray(0, Math.floor(baked.length / 2))),
    status: 400,
    code: 'bad_png',
    key: 'verify.badPng',
  },
  {
    name: 'a PNG whose image data fails its checksum',
    file: () => png(flipped(baked, dataOffset(baked, 'IDAT') + 10)),
    status: 400,
    code: 'bad_png',
    key: 'verify.badPng',
  },
  {
    name: 'a PNG whose image data is garbage (with a correct checksum)',
    file: () =>
      png(rewrite(baked, (chunks) => chunks.map((c) => (c.type === 'IDAT' ? { type: 'IDAT', data: randomBytes(c.data.length) } : c)))),
    status: 400,
    code: 'bad_png',
    key: 'verify.badPng',
  },
  {
    name: 'a PNG whose header claims 100000 × 100000 pixels',
    file: () => png(rewrite(baked, (chunks) => [ihdr(100_000, 100_000), ...chunks.slice(1)])),
    status: 400,
    code: 'bad_png',
    key: 'verify.badPng',
  },
  {
    name: 'a 1 × 1 PNG whose image data inflates to 1 GiB',
    file: async () => png(writeChunks([ihdr(1, 1), { type: 'IDAT', data: await zlibBomb(1024) }, { type: 'IEND', data: Buffer.alloc(0) }])),
    status: 400,
    code: 'bad_png',
    key: 'verify.badPng',
  },
  {
    name: 'a badge whose compressed iTXt text inflates to 1 GiB',
    file: async () => png(beforeIend(withoutTexts(baked), compressedItxt('openbadgecredential', await zlibBomb(1024)))),
    status: 400,
    code: 'bad_png',
    key: 'verify.badPng',
  },
  {
    name: 'a PDF sent as image/png',
    file: () => ({ bytes: Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), name: 'badge.png', type: 'image/png' }),
    status: 400,
    code: 'bad_png',
    key: 'verify.badPng',
  },
  {
    name: 'a PDF sent as a PDF',
    file: () => ({ bytes: Buffer.from('%PDF-1.7\n1 0 obj'), name: 'badge.pdf', type: 'application/pdf' }),
    status: 415,
    code: 'unsupported_media_type',
    key: 'verify.badType',
  },
  {
    name: 'a GIF',
    file: () => ({ bytes: Buffer.from('GIF89a\x01\x00\x01\x00'), name: 'badge.gif', type: 'image/gif' }),
    status: 415,
    code: 'unsupported_media_type',
    key: 'verify.badType',
  },
  {
    name: 'a file just over the 2 MB cap',
    file: () => png(Buffer.concat([Buffer.from(baked), Buffer.alloc(VERIFY_UPLOAD_LIMIT + 1 - baked.length)])),
    status: 413,
    code: 'too_large',
    key: 'verify.tooLarge',
  },
  {
    name: 'a body far over the cap (5 MB)',
    file: () => png(Buffer.alloc(5 * 1024 * 1024, 1)),
    status: 413,
    code: 'body_too_large',
    key: 'verify.tooLarge',
  },
];

/** The baked badge without its credentials, so the only text left to read is the one a case adds. */
function withoutTexts(file: Uint8Array): Buffer {
  return rewrite(file, (chunks) => chunks.filter((c) => c.type !== 'iTXt'));
}

describe('a visitor uploads a file that is not a sound badge to /verify', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.status}, said plainly in French and in English, at once and in little memory`, async () => {
      const file = await c.file();
      for (const lang of ['fr', 'en'] as const) {
        const message = translator(lang)(c.key);
        const rss = process.memoryUsage().rss;
        const started = performance.now();

        const page = await upload('page', file, lang);
        expect(page.status).toBe(c.status);
        const html = await page.text();
        expect(html).toContain(`lang="${lang === 'fr' ? 'fr-CA' : 'en'}"`);
        expect(html).toContain(message);

        const api = await upload('api', file, lang);
        expect(api.status).toBe(c.status);
        expect(await api.json()).toEqual({ error: { code: c.code, message } });

        // Reading the file never inflates what it claims: no pause, no gigabyte.
        expect(performance.now() - started).toBeLessThan(5_000);
        expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
      }
    }, 30_000);
  }

  it('the bombs are real: their data inflates far past what the app reads', async () => {
    const bomb = await zlibBomb(64);
    expect(() => inflateSync(bomb, { maxOutputLength: 32 * 1024 * 1024 })).toThrow(/larger than/);
    expect(inflateSync(await zlibBomb(3)).length).toBe(3 * 1024 * 1024);
  });
});

describe('files that are sound are still read', () => {
  it('a plain PNG with no badge in it: 200, "no badge found"', async () => {
    const res = await upload('api', png(rgbPng(3, 2)), 'en');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { valid: boolean; checks: { name: string; message: string }[] };
    expect(body.valid).toBe(false);
    expect(body.checks[0]).toMatchObject({ name: 'found', message: translator('en')('verify.check.found.missing') });
  });

  it('a badge whose credential another tool baked compressed: inflated and found valid', async () => {
    const texts = readChunks(baked).filter((c) => c.type === 'iTXt');
    expect(texts).toHaveLength(2);
    const recompressed = rewrite(baked, (chunks) =>
      chunks.map((c) => {
        if (c.type !== 'iTXt') return c;
        const keyword = c.data.subarray(0, c.data.indexOf(0)).toString('latin1');
        return compressedItxt(keyword, deflateSync(c.data.subarray(c.data.indexOf(0) + 5)));
      }),
    );
    expect(
      readChunks(recompressed)
        .filter((c) => c.type === 'iTXt')
        .every((c) => c.data[c.data.indexOf(0) + 1] === 1),
    ).toBe(true);
    const res = await upload('api', png(recompressed), 'fr');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ valid: true, verdict: 'valid', formats: ['ob2', 'ob3'] });
  });

  it('the credential file as downloaded, under any JSON type or none: valid', async () => {
    const download = await t.app.request(`/b/${awardId}/credential.json`);
    const bytes = new Uint8Array(await download.arrayBuffer());
    for (const type of [download.headers.get('content-type')!.split(';')[0]!, 'application/json', 'text/plain', '']) {
      const res = await upload('api', { bytes, name: 'credential.json', type }, 'en');
      expect(res.status, type).toBe(200);
      expect(await res.json(), type).toMatchObject({ valid: true, format: 'ob3' });
    }
  });

  it('the badge as Élan baked it: valid', async () => {
    const res = await upload('page', png(baked), 'fr');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(translator('fr')('verify.result.valid'));
  });
});

describe('what the fuzz found on /api/v1/verify (each was a 500)', () => {
  const post = (body: string) => t.app.request('/api/v1/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('a JSON body that is not an object (a number, a string, true, a list): 400, nothing to verify', async () => {
    for (const body of ['-5e-324', '"http://localhost:3000/ob2/assertions/x"', 'true', '[]', 'null']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation');
    }
  });

  it('an assertion naming a real badge, nested 100 000 deep: weighed without exhausting the stack, and too complex to check', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const res = await post(`{"credential":{"id":"http://localhost:3000/ob2/assertions/${awardId}","badge":${deep}}}`);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'too_complex', message: translator('fr')('verify.tooComplex') } });
  });

  it('a credential whose recipient salt is not text, checked against an email: a mismatch, not a crash', async () => {
    const credential = {
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: 'did:web:localhost%3A3000',
      credentialSubject: { identifier: [{ identityHash: 'sha256$00', salt: { toString: 1, valueOf: 1 } }] },
    };
    const res = await post(JSON.stringify({ credential, email: 'zoe.martin@example.org' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { valid: boolean; checks: { name: string; ok: boolean }[] };
    expect(body.valid).toBe(false);
    expect(body.checks).toContainEqual(expect.objectContaining({ name: 'ob3.recipient', ok: false }));
  });
});
