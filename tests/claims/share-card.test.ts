import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awardImage } from '../../src/awards/award-images.ts';
import { findAwardDetails } from '../../src/awards/award-queries.ts';
import { TEMPLATE_VERSION } from '../../templates/index.ts';
import { createTestAppOnSocket } from '../helpers/app.ts';
import { approvedAward, claim, ORIGIN } from '../helpers/journey.ts';

// The share card as LinkedIn, Facebook and the people who follow a shared link fetch it: over a real
// socket, many at once right after the claim, and never an older drawing once the award has changed.

let t: Awaited<ReturnType<typeof createTestAppOnSocket>>;
let manager: { cookie: string };

beforeAll(async () => {
  t = await createTestAppOnSocket();
  const rouge = await t.addWorkplace('cafe-rouge');
  manager = await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);
});
afterAll(() => t.close());

/** A GET over the socket, as a visitor's browser or a link preview sends it. */
async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`http://127.0.0.1:${t.port}${path}`, { headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The award's stored share card and its revision. The database moves the revision on once for each
 * image it stores (migration 010), so the revision counts the drawings made.
 */
async function stored(awardId: string) {
  const card = await t.ctx.db
    .selectFrom('badge_images')
    .select(['template_version', 'content_hash'])
    .where('award_id', '=', awardId)
    .where('kind', '=', 'card')
    .executeTakeFirst();
  const { revision } = await t.ctx.db.selectFrom('awards').select('revision').where('id', '=', awardId).executeTakeFirstOrThrow();
  return { card, revision };
}

/** An approved award whose badge and share card the approval has drawn, after its answer (the card last). */
async function drawnAward(overrides: Record<string, unknown> = {}) {
  const award = await approvedAward(t, manager, overrides);
  await expect.poll(async () => (await stored(award.awardId)).card).toBeDefined();
  return award;
}

const WITHOUT_QUOTE = TEMPLATE_VERSION * 10;
const WITH_QUOTE = TEMPLATE_VERSION * 10 + 1;

describe('the share card right after a claim', () => {
  it('is drawn once with the story for 32 people opening it at once, then served like the stored badge', async () => {
    const { awardId, token } = await drawnAward();
    const approved = await stored(awardId);
    // The approval drew it without the quote: the employee had not chosen yet.
    expect(approved.card?.template_version).toBe(WITHOUT_QUOTE);
    expect((await get(`/b/${awardId}/card.png`)).status).toBe(404);

    expect((await claim(t, token, { showStory: true })).status).toBe(200);
    const claimed = await stored(awardId);
    const answers = await Promise.all(Array.from({ length: 32 }, () => get(`/b/${awardId}/card.png`)));

    const drawn = await stored(awardId);
    expect(drawn.revision).toBe(claimed.revision + 1);
    expect(drawn.card?.template_version).toBe(WITH_QUOTE);
    expect(drawn.card?.content_hash).not.toBe(approved.card?.content_hash);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('etag')).toBe(`"${drawn.card?.content_hash}"`);
      expect(sha256(answer.body)).toBe(drawn.card?.content_hash);
    }

    // From then on it is a read: cached for a year, 304 for who has it, with the very headers of the stored badge.
    const card = await get(`/b/${awardId}/card.png`);
    const badge = await get(`/b/${awardId}/image.png`);
    expect(card.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect([...card.headers.keys()]).toEqual([...badge.headers.keys()]);
    const again = await get(`/b/${awardId}/card.png`, { 'if-none-match': card.headers.get('etag')! });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
    expect((await stored(awardId)).revision).toBe(drawn.revision);
  });

  it('keeps the drawing made at approval when the story stays private, with no drawing at all', async () => {
    const kept = await drawnAward();
    const notAllowed = await drawnAward({ publicStoryConsent: false, story: 'A private story that must stay private, always.' });
    for (const [{ awardId, token }, showStory] of [
      [kept, false],
      [notAllowed, true],
    ] as const) {
      const approved = await stored(awardId);
      expect((await claim(t, token, { showStory })).status).toBe(200);
      const claimed = await stored(awardId);
      const card = await get(`/b/${awardId}/card.png`);
      expect(card.status).toBe(200);
      expect(card.headers.get('etag')).toBe(`"${approved.card?.content_hash}"`);
      expect((await stored(awardId)).revision).toBe(claimed.revision);
    }
  });

  it('is drawn anew, never served stale, once what is public changes', async () => {
    const { awardId, token } = await drawnAward();
    await claim(t, token, { showStory: true });
    const withStory = await get(`/b/${awardId}/card.png`);
    expect((await get(`/b/${awardId}/card.png`)).headers.get('etag')).toBe(withStory.headers.get('etag'));

    // The story is taken off (a correction by hand, as any path that writes): the next answer is the card without it.
    await t.ctx.db.updateTable('awards').set({ show_story: 0 }).where('id', '=', awardId).execute();
    const withoutStory = await get(`/b/${awardId}/card.png`);
    expect(withoutStory.status).toBe(200);
    expect(withoutStory.headers.get('etag')).not.toBe(withStory.headers.get('etag'));
    const now = await stored(awardId);
    expect(now.card?.template_version).toBe(WITHOUT_QUOTE);
    expect(sha256(withoutStory.body)).toBe(now.card?.content_hash);
  });

  it('stops at once when the badge is revoked or erased, though its bytes were just served', async () => {
    const revoked = await drawnAward();
    await claim(t, revoked.token, { showStory: true });
    for (let i = 0; i < 3; i++) expect((await get(`/b/${revoked.awardId}/card.png`)).status).toBe(200);
    const revoke = await t.app.request(`/api/v1/awards/${revoked.awardId}/revoke`, {
      method: 'POST',
      headers: { cookie: manager.cookie, 'content-type': 'application/json', ...ORIGIN },
      body: JSON.stringify({ reason: 'Awarded to the wrong person' }),
    });
    expect(revoke.status).toBe(200);
    expect((await get(`/b/${revoked.awardId}/card.png`)).status).toBe(404);

    const erased = await drawnAward();
    await claim(t, erased.token, { showStory: true });
    const mail = await t.ctx.db
      .selectFrom('outbox')
      .select('text_body')
      .where('template', '=', 'badgeClaimed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const manageUrl = /http:\/\/localhost:3000(\/my\/[\w-]+)/.exec(mail.text_body)![1]!;
    for (let i = 0; i < 3; i++) expect((await get(`/b/${erased.awardId}/card.png`)).status).toBe(200);
    expect((await t.postForm(`${manageUrl}/delete`, {})).status).toBe(200);
    const gone = await get(`/b/${erased.awardId}/card.png`, { accept: 'text/html', 'accept-language': 'en-CA,en;q=0.9' });
    expect(gone.status).toBe(404);
    expect(gone.body.toString()).toContain('<html lang="en"');
  });
});

describe('a drawing that fails', () => {
  it('is not remembered: the next request draws again', async () => {
    const { awardId } = await drawnAward();
    const award = (await findAwardDetails(t.ctx.db, awardId))!;
    // The database refuses the image for a moment: its table is away.
    await t.ctx.db.schema.alterTable('badge_images').renameTo('badge_images_away').execute();
    try {
      await expect(awardImage(t.ctx, award, 'badge', 'en')).rejects.toThrow();
    } finally {
      await t.ctx.db.schema.alterTable('badge_images_away').renameTo('badge_images').execute();
    }
    const before = await stored(awardId);
    const badge = await get(`/b/${awardId}/image.png?lang=en`);
    expect(badge.status).toBe(200);
    expect((await stored(awardId)).revision).toBe(before.revision + 1);
  });
});
