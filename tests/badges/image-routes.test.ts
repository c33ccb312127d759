import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_VERSION } from '../../templates/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { approvedAward, claim } from '../helpers/journey.ts';
import { pngHeader } from './png-tools.ts';

let t: TestApp;
let manager: { cookie: string };

beforeAll(async () => {
  t = await createTestApp();
  const rouge = await t.addWorkplace('cafe-rouge');
  manager = await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);
});
afterAll(() => t.close());

const sha256 = (bytes: ArrayBuffer) => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');

describe('the badge image, as browsers and LinkedIn fetch it', () => {
  it('is served with its content hash as ETag, cached for a year as immutable, and 304 when the client has it', async () => {
    const { awardId } = await approvedAward(t, manager);
    const res = await t.app.request(`/b/${awardId}/image.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = await res.arrayBuffer();
    expect(pngHeader(new Uint8Array(body))).toMatchObject({ width: 600, height: 600 });
    expect(res.headers.get('etag')).toBe(`"${sha256(body)}"`);

    const again = await t.app.request(`/b/${awardId}/image.png`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
  });

  it('comes in the language asked for, stored once per language', async () => {
    const { awardId } = await approvedAward(t, manager);
    const fr = await t.app.request(`/b/${awardId}/image.png`);
    const en = await t.app.request(`/b/${awardId}/image.png?lang=en`);
    expect(en.status).toBe(200);
    expect(en.headers.get('etag')).not.toBe(fr.headers.get('etag'));
    const stored = await t.ctx.db
      .selectFrom('badge_images')
      .select(['lang'])
      .where('award_id', '=', awardId)
      .where('kind', '=', 'badge')
      .orderBy('lang')
      .execute();
    expect(stored.map((r) => r.lang)).toEqual(['en', 'fr']);
  });

  it('is drawn again when the stored one comes from an older template version', async () => {
    const { awardId } = await approvedAward(t, manager);
    await t.app.request(`/b/${awardId}/image.png`);
    await t.ctx.db
      .updateTable('badge_images')
      .set({ template_version: TEMPLATE_VERSION - 1, content_hash: 'stale' })
      .where('award_id', '=', awardId)
      .execute();
    const res = await t.app.request(`/b/${awardId}/image.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${sha256(await res.arrayBuffer())}"`);
    const row = await t.ctx.db
      .selectFrom('badge_images')
      .select(['template_version'])
      .where('award_id', '=', awardId)
      .where('kind', '=', 'badge')
      .executeTakeFirstOrThrow();
    expect(row.template_version).toBe(TEMPLATE_VERSION);
  });

  it('shows the share card only once the badge is claimed, and nothing of an erased badge or an unknown id', async () => {
    const { awardId, token } = await approvedAward(t, manager);
    expect((await t.app.request(`/b/${awardId}/card.png`)).status).toBe(404);
    expect((await claim(t, token)).status).toBe(200);
    const card = await t.app.request(`/b/${awardId}/card.png`);
    expect(card.status).toBe(200);
    expect(pngHeader(new Uint8Array(await card.arrayBuffer()))).toMatchObject({ width: 1200, height: 630 });

    await t.ctx.db.updateTable('awards').set({ status: 'erased' }).where('id', '=', awardId).execute();
    expect((await t.app.request(`/b/${awardId}/image.png`)).status).toBe(404);
    expect((await t.app.request(`/b/${awardId}/card.png`)).status).toBe(404);
    expect((await t.app.request('/b/00000000000000000000000000/image.png')).status).toBe(404);
  });

  it("stops at once when the badge is erased, though its bytes were just served, and says so in the reader's language", async () => {
    const { awardId } = await approvedAward(t, manager);
    for (let i = 0; i < 3; i++) expect((await t.app.request(`/b/${awardId}/image.png`)).status).toBe(200);
    await t.ctx.db.updateTable('awards').set({ status: 'erased' }).where('id', '=', awardId).execute();
    const gone = await t.app.request(`/b/${awardId}/image.png`, { headers: { accept: 'text/html', 'accept-language': 'en-CA,en;q=0.9' } });
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('<html lang="en"');
    // A page, so the page's protections come with it.
    expect(gone.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('serves the new drawing, not the bytes it served before, once the image is drawn again', async () => {
    const { awardId, token } = await approvedAward(t, manager);
    // Drawn and stored at the first ask; after the claim, answered from the stored row.
    await t.app.request(`/b/${awardId}/image.png`);
    expect((await claim(t, token)).status).toBe(200);
    await t.app.request(`/b/${awardId}/image.png`);
    const first = await t.app.request(`/b/${awardId}/image.png`);
    const firstBody = await first.arrayBuffer();
    // Another process redraws it (a new template): the row holds other bytes under another hash.
    const other = Buffer.concat([Buffer.from(firstBody), Buffer.from('redrawn')]);
    const otherHash = createHash('sha256').update(other).digest('hex');
    await t.ctx.db
      .updateTable('badge_images')
      .set({ png: other, content_hash: otherHash })
      .where('award_id', '=', awardId)
      .where('kind', '=', 'badge')
      .execute();
    const second = await t.app.request(`/b/${awardId}/image.png`);
    expect(second.headers.get('etag')).toBe(`"${otherHash}"`);
    expect(sha256(await second.arrayBuffer())).toBe(otherHash);
    expect(sha256(firstBody)).not.toBe(otherHash);
  });
});
