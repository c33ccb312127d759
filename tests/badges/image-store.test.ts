import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findImage, pngHash, saveImage } from '../../src/badges/image-store.ts';
import { renderBadgePng } from '../../src/badges/render.ts';
import { newId } from '../../src/lib/ids.ts';
import { TEMPLATE_VERSION } from '../../templates/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let awardId: string;

beforeAll(async () => {
  t = await createTestApp();
  const at = '2026-11-22T15:00:00.000Z';
  const nominationId = newId();
  awardId = newId();
  await t.ctx.db
    .insertInto('nominations')
    .values({
      id: nominationId,
      workplace_id: null,
      workplace_name: 'Café Rouge',
      workplace_city: 'Montréal',
      staff_first_name: 'Zoë',
      staff_role: null,
      moment_date: '2026-11-20',
      moment_place: null,
      category_slug: 'presence',
      story: 'Elle a pris le temps.',
      nominator_name: null,
      nominator_email: null,
      public_story_consent: 1,
      lang: 'fr',
      status: 'approved',
      withdraw_token_hash: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await t.ctx.db
    .insertInto('awards')
    .values({
      id: awardId,
      nomination_id: nominationId,
      workplace_id: null,
      category_slug: 'presence',
      staff_first_name: 'Zoë',
      moment_date: '2026-11-20',
      status: 'approved',
      claim_token_hash: null,
      claim_expires_at: null,
      lang: 'fr',
      created_at: at,
      updated_at: at,
    })
    .execute();
});

afterAll(() => t.close());

describe('the stored images of an award', () => {
  it('keeps a rendered badge byte for byte, with its hash for the ETag', async () => {
    const png = await renderBadgePng({
      categorySlug: 'presence',
      categoryName: 'Présence',
      firstName: 'Zoë',
      workplaceName: 'Café Rouge',
      momentDate: '2026-11-20',
      issuerName: 'Service Plus',
      lang: 'fr',
    });
    const saved = await saveImage(t.ctx.db, {
      award_id: awardId,
      kind: 'badge',
      lang: 'fr',
      template_version: TEMPLATE_VERSION,
      png,
      created_at: '2026-11-22T15:00:00.000Z',
    });
    expect(saved.content_hash).toBe(pngHash(png));
    expect(saved.content_hash).toMatch(/^[0-9a-f]{64}$/);

    const found = await findImage(t.ctx.db, awardId, 'badge', 'fr');
    expect(found).toBeDefined();
    expect(Buffer.isBuffer(found!.png)).toBe(true);
    expect(Buffer.from(found!.png).equals(Buffer.from(png))).toBe(true);
    expect(found).toMatchObject({
      award_id: awardId,
      kind: 'badge',
      lang: 'fr',
      template_version: TEMPLATE_VERSION,
      content_hash: pngHash(png),
    });
  });

  it('keeps every byte value, from a plain Uint8Array too', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    await saveImage(t.ctx.db, {
      award_id: awardId,
      kind: 'card',
      lang: 'en',
      template_version: 1,
      png: bytes,
      created_at: '2026-11-22T15:00:00.000Z',
    });
    const found = await findImage(t.ctx.db, awardId, 'card', 'en');
    expect([...found!.png]).toEqual([...bytes]);
  });

  it('replaces an image drawn with an older template version', async () => {
    const old = Buffer.from('old image');
    const fresh = Buffer.from('image of the new design');
    await saveImage(t.ctx.db, {
      award_id: awardId,
      kind: 'card',
      lang: 'fr',
      template_version: 1,
      png: old,
      created_at: '2026-11-22T15:00:00.000Z',
    });
    await saveImage(t.ctx.db, {
      award_id: awardId,
      kind: 'card',
      lang: 'fr',
      template_version: 2,
      png: fresh,
      created_at: '2026-11-23T15:00:00.000Z',
    });
    const found = await findImage(t.ctx.db, awardId, 'card', 'fr');
    expect(found).toMatchObject({ template_version: 2, content_hash: pngHash(fresh), created_at: '2026-11-23T15:00:00.000Z' });
    expect(Buffer.from(found!.png).toString()).toBe('image of the new design');
    const rows = await t.ctx.db
      .selectFrom('badge_images')
      .select('kind')
      .where('award_id', '=', awardId)
      .where('kind', '=', 'card')
      .where('lang', '=', 'fr')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('finds nothing for an image not drawn yet', async () => {
    expect(await findImage(t.ctx.db, awardId, 'badge', 'en')).toBeUndefined();
    expect(await findImage(t.ctx.db, 'no-such-award', 'badge', 'fr')).toBeUndefined();
  });
});
