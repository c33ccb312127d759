import { expect } from 'vitest';
import { addDays, isoDay } from '../../src/lib/clock.ts';
import { newId } from '../../src/lib/ids.ts';
import type { TestApp } from '../helpers/app.ts';

export const ORIGIN = 'http://localhost:3000';

type Who = { cookie: string };

/** What the wall's tests do again and again: nominate, approve, claim, read a page. */
export function wallFixtures(t: TestApp) {
  /** A customer's nomination through the public API; returns its id. */
  const nominate = async (workplace: string, extra: Record<string, unknown> = {}) => {
    const res = await t.postJson('/api/v1/nominations', {
      workplace,
      staffFirstName: 'Zoë',
      momentDate: isoDay(addDays(t.ctx.clock.now(), -1)),
      category: 'presence',
      story: 'She listened to my whole story before suggesting anything at all.',
      publicStoryConsent: true,
      nominatorName: 'Luc Nominateur',
      nominatorEmail: 'luc.nominateur@example.org',
      lang: 'fr',
      ...extra,
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };

  /** A reviewer approves through the API; returns the award's id. */
  const approve = async (who: Who, nominationId: string) => {
    const res = await t.app.request(`/api/v1/nominations/${nominationId}/approve`, {
      method: 'POST',
      headers: { cookie: who.cookie, origin: ORIGIN },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { award: { id: string } }).award.id;
  };

  /** Nominates and approves in one go. */
  const award = async (who: Who, workplace: string, extra: Record<string, unknown> = {}) => approve(who, await nominate(workplace, extra));

  /**
   * The employee's claim, written straight into the award's row: the claim flow is built beside this
   * feature and mints credentials the wall never reads; the wall only reads these columns.
   */
  const claim = async (awardId: string, choices: { publicPage: boolean; showStory: boolean }) => {
    await t.ctx.db
      .updateTable('awards')
      .set({
        status: 'claimed',
        public_page: choices.publicPage ? 1 : 0,
        show_story: choices.showStory ? 1 : 0,
        issued_on: t.ctx.clock.now().toISOString(),
        claim_token_hash: null,
      })
      .where('id', '=', awardId)
      .execute();
  };

  /** Sets an award's status directly (revoked, erased), as the revocation and erasure flows leave it. */
  const setStatus = async (awardId: string, status: 'revoked' | 'erased') => {
    await t.ctx.db
      .updateTable('awards')
      .set({ status, revoked_at: t.ctx.clock.now().toISOString(), ...(status === 'erased' ? { public_page: 0, show_story: 0 } : {}) })
      .where('id', '=', awardId)
      .execute();
  };

  /** GET as a browser would, signed in or not. */
  const get = (path: string, who?: Who, headers: Record<string, string> = {}) =>
    t.app.request(path, { headers: { accept: 'text/html', ...(who ? { cookie: who.cookie } : {}), ...headers } });

  /**
   * Many awards at once, written as approval leaves them (an approved nomination and its award).
   * Going through the API would render badge images for each in the background, which paging
   * tests do not need. `perInstant` awards share each created_at, so paging must break ties by id.
   */
  const insertAwards = async (
    workplaceId: string,
    count: number,
    options: { start: string; perInstant?: number; category?: string; firstName?: (i: number) => string },
  ) => {
    const ids: string[] = [];
    const startMs = Date.parse(options.start);
    const perInstant = options.perInstant ?? 1;
    for (let i = 0; i < count; i++) {
      const at = new Date(startMs + Math.floor(i / perInstant) * 60_000).toISOString();
      const nominationId = newId();
      const awardId = newId();
      const firstName = options.firstName?.(i) ?? `Personne${i}`;
      await t.ctx.db
        .insertInto('nominations')
        .values({
          id: nominationId,
          workplace_id: workplaceId,
          workplace_name: null,
          workplace_city: null,
          staff_first_name: firstName,
          staff_role: null,
          moment_date: at.slice(0, 10),
          moment_place: null,
          category_slug: options.category ?? 'relational',
          story: `Story number ${i}.`,
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
          workplace_id: workplaceId,
          category_slug: options.category ?? 'relational',
          staff_first_name: firstName,
          moment_date: at.slice(0, 10),
          status: 'approved',
          claim_token_hash: null,
          claim_expires_at: null,
          lang: 'fr',
          created_at: at,
          updated_at: at,
          issued_on: null,
          recipient_identity: null,
          recipient_salt: null,
          manage_token_hash: null,
          revoked_at: null,
          revocation_reason: null,
          ob3_credential: null,
        })
        .execute();
      ids.push(awardId);
    }
    return ids;
  };

  return { nominate, approve, award, claim, setStatus, get, insertAwards };
}

/** The award ids of the cards on a wall page, in page order (from the badge images' addresses). */
export function cardIds(html: string): string[] {
  return [...html.matchAll(/<img src="\/b\/([0-9a-z]+)\/image\.png"/g)].map((m) => m[1]!);
}

/** The "older badges" link of a wall page, if any, as a path. */
export function nextLink(html: string): string | null {
  const match = /<a href="([^"]+)" rel="next">/.exec(html);
  return match ? match[1]!.replaceAll('&amp;', '&') : null;
}
