import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/actor.ts';
import { actorFromSession } from '../../src/auth/auth-service.ts';
import { connectDatabase } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { addDays, isoDay } from '../../src/lib/clock.ts';
import { newId } from '../../src/lib/ids.ts';
import { type Insights, loadInsights, REVIEW_STATS_DAYS, recentMonths } from '../../src/wall/insights-service.ts';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';
import { claim } from '../helpers/journey.ts';
import { upgradeDatabase } from '../helpers/upgrade-database.ts';
import { ORIGIN, wallFixtures } from './wall-fixtures.ts';

// A small year at Café Rouge (and one award at Café Bleu), each step at a known time, with a
// review window of 14 days, seen on 22 November 2026.
const clock = testClock('2025-10-05T12:00:00.000Z');
let t: TestApp;
let f: ReturnType<typeof wallFixtures>;
let manager: { cookie: string };
let admin: { cookie: string };
let other: { cookie: string };

const at = (iso: string) => clock.set(iso);

beforeAll(async () => {
  t = await createTestApp({ clock, env: { NOMINATION_RATE_LIMIT: '100000/hour', REVIEW_WINDOW_DAYS: '14' } });
  f = wallFixtures(t);
  const rouge = await t.addWorkplace('cafe-rouge', 'Café Rouge', 'Montréal');
  const bleu = await t.addWorkplace('cafe-bleu', 'Café Bleu', 'Québec');
  // Sessions last 14 days: each step signs in afresh at its own time.
  const as = async (role: 'manager' | 'admin', ids: string[] = []) =>
    t.signedIn(role, `${role}-${Math.random().toString(36).slice(2)}@example.org`, ids);
  const decide = async (action: 'approve' | 'decline' | 'revoke', id: string, when: string, workplace = rouge.id) => {
    at(when);
    const who = await as('manager', [workplace]);
    const path = action === 'revoke' ? `/api/v1/awards/${id}/revoke` : `/api/v1/nominations/${id}/${action}`;
    const res = await t.app.request(path, {
      method: 'POST',
      headers: { cookie: who.cookie, origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify(action === 'approve' ? {} : { reason: 'Not one of our staff' }),
    });
    expect(res.status).toBe(200);
    return action === 'approve' ? ((await res.json()) as { award: { id: string } }).award.id : id;
  };
  const nominateAt = async (when: string, category: string, workplace = 'cafe-rouge') => {
    at(when);
    return f.nominate(workplace, { category, momentDate: isoDay(addDays(clock.now(), -1)) });
  };

  // Before the twelve months shown (they start on 1 December 2025): counted nowhere.
  await decide('approve', await nominateAt('2025-10-05T12:00:00.000Z', 'elan'), '2025-10-06T12:00:00.000Z');
  // Approved late in June: an award counted in June, but older than the 90 days the review figures look at.
  await decide('approve', await nominateAt('2026-06-01T12:00:00.000Z', 'partnership'), '2026-06-30T12:00:00.000Z');
  // Declined in July: older than 90 days, counted nowhere.
  await decide('decline', await nominateAt('2026-07-01T12:00:00.000Z', 'presence'), '2026-07-02T12:00:00.000Z');
  // Approved in 2 days: on time; an award in September.
  await decide('approve', await nominateAt('2026-09-10T12:00:00.000Z', 'presence'), '2026-09-12T12:00:00.000Z');
  // Approved after 24 days: late; an award in October.
  await decide('approve', await nominateAt('2026-10-01T12:00:00.000Z', 'relational'), '2026-10-25T12:00:00.000Z');
  // Declined in 4 days: on time, no award.
  await decide('decline', await nominateAt('2026-11-01T12:00:00.000Z', 'presence'), '2026-11-05T12:00:00.000Z');
  // Waiting since 1 November, 21 days on the 22nd: overdue, so counted as not reviewed in time.
  await nominateAt('2026-11-01T13:00:00.000Z', 'initiative');
  // Approved the next day, then revoked: reviewed on time, but no badge to count.
  const revoked = await decide('approve', await nominateAt('2026-11-10T12:00:00.000Z', 'initiative'), '2026-11-11T12:00:00.000Z');
  await decide('revoke', revoked, '2026-11-12T12:00:00.000Z');
  // Approved the next day: on time; an award in November.
  await decide('approve', await nominateAt('2026-11-15T12:00:00.000Z', 'recovery'), '2026-11-16T12:00:00.000Z');
  // Withdrawn by the customer: not a review at all.
  at('2026-11-02T12:00:00.000Z');
  const form = await t.postForm('/w/cafe-rouge/nominate', {
    staffFirstName: 'Karim',
    momentDate: '2026-11-01',
    category: 'initiative',
    story: 'He brought a chair for my mother without us asking for anything.',
  });
  expect(form.status).toBe(303);
  at('2026-11-03T12:00:00.000Z');
  expect((await t.postForm(`${form.headers.get('location')}/withdraw`, {})).status).toBe(200);
  // Waiting two days only: pending, not yet overdue.
  await nominateAt('2026-11-20T12:00:00.000Z', 'presence');
  // Café Bleu: only the admin and its own manager count it.
  await decide('approve', await nominateAt('2026-11-10T12:00:00.000Z', 'presence', 'cafe-bleu'), '2026-11-11T12:00:00.000Z', bleu.id);

  at('2026-11-22T15:00:00.000Z');
  manager = await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);
  other = await t.signedIn('manager', 'paul@cafe-bleu.example', [bleu.id]);
  admin = await t.signedIn('admin', 'trainer@example.org');
});
afterAll(() => t.close());

const actor = async (who: { cookie: string }): Promise<Actor> => (await actorFromSession(t.ctx, who.cookie.split('=')[1]!))!;

describe('insights for a small known year', () => {
  it('names the twelve months up to this one', () => {
    expect(recentMonths(new Date('2026-11-22T15:00:00Z'))).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    expect(recentMonths(new Date('2026-01-31T23:59:59Z'), 3)).toEqual(['2025-11', '2025-12', '2026-01']);
  });

  it('counts a manager’s awards by category and by month, the review times, declines and withdrawals', async () => {
    const s = await loadInsights(t.ctx, await actor(manager), null);
    expect(s.since).toBe('2025-12-01T00:00:00.000Z');
    expect(s.months.filter((m) => m.count > 0)).toEqual([
      { month: '2026-06', count: 1 },
      { month: '2026-09', count: 1 },
      { month: '2026-10', count: 1 },
      { month: '2026-11', count: 1 },
    ]);
    expect(s.months).toHaveLength(12);
    expect(Object.fromEntries(s.categories.map((c) => [c.category.slug, c.count]))).toEqual({
      presence: 1,
      relational: 1,
      recovery: 1,
      initiative: 0,
      partnership: 1,
      elan: 0,
    });
    expect(s.total).toBe(4);
    expect(s.pending).toBe(2);
    // Received in the last 90 days (since 24 August).
    expect(s.reviewSince).toBe('2026-08-24T15:00:00.000Z');
    // Decided: approved in 2 days, in 24, declined in 4, approved in 1 (then revoked), approved in 1; plus one overdue.
    expect(s.review).toEqual({ windowDays: 14, onTime: 4, counted: 6 });
    expect(s.declined).toBe(1);
    expect(s.withdrawn).toBe(1);
  });

  it('adds every workplace for the admin, and narrows to one when asked', async () => {
    const all = await loadInsights(t.ctx, await actor(admin), null);
    expect(all.total).toBe(5);
    expect(all.categories.find((c) => c.category.slug === 'presence')?.count).toBe(2);
    expect(all.review).toEqual({ windowDays: 14, onTime: 5, counted: 7 });
    const bleu = await loadInsights(t.ctx, await actor(admin), 'cafe-bleu');
    expect(bleu.total).toBe(1);
    expect(bleu.pending).toBe(0);
    expect(bleu.review).toEqual({ windowDays: 14, onTime: 1, counted: 1 });
  });

  it('draws accessible charts with a table of the same figures beside each', async () => {
    const res = await f.get('/manage/insights', manager);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/<svg class="chart" role="img" aria-labelledby="[^"]+"/g)).toHaveLength(2);
    expect(html).toContain('<title id="chart-category-title">Badges par catégorie</title>');
    expect(html).toMatch(
      /<desc id="chart-category-desc">4 badges en tout\. Présence : 1, Relationnel : 1, Rattrapage : 1, Initiative : 0, Partenariat : 1, Élan : 0\./,
    );
    expect(html).toMatch(/Rattrapage<\/th><td>[^<]+<\/td><td class="number">1<\/td>/);
    expect(html).toContain('<th scope="row">septembre 2026</th><td class="number">1</td>');
    expect(html).toContain('<th scope="row">août 2026</th><td class="number">0</td>');
    expect(html).toContain('<th scope="row">juin 2026</th><td class="number">1</td>');
    expect(html).toContain('<dd data-figure="pending">2</dd>');
    expect(html).toMatch(/<dd data-figure="on-time">67\s%\s\(4 sur 6\)/);
    expect(html).toContain('<dd data-figure="declined">1</dd>');
    expect(html).toContain('<dd data-figure="withdrawn">1</dd>');
    expect(html).not.toMatch(/<svg[^>]*style=/);
  });

  it('speaks English when asked', async () => {
    const html = await (await f.get('/manage/insights?lang=en', manager)).text();
    expect(html).toContain('<title id="chart-month-title">Badges by month</title>');
    expect(html).toContain('<th scope="row">September 2026</th><td class="number">1</td>');
    expect(html).toMatch(/<dd data-figure="on-time">67%\s\(4 of 6\)/);
  });

  it('refuses another manager’s workplace, and shows that manager only theirs', async () => {
    expect((await f.get('/manage/insights?workplace=cafe-rouge', other)).status).toBe(403);
    const theirs = await loadInsights(t.ctx, await actor(other), null);
    expect(theirs.total).toBe(1);
    expect(theirs.declined).toBe(0);
  });
});

const DAY_MS = 86_400_000;

type Figures = {
  months: Record<string, number>;
  categories: Record<string, number>;
  total: number;
  pending: number;
  review: { onTime: number; counted: number };
  declined: number;
  withdrawn: number;
};

/** What the insights say, in a shape a count by hand can match (categories with no award left out). */
function figuresOf(s: Insights): Figures {
  return {
    months: Object.fromEntries(s.months.map((m) => [m.month, m.count])),
    categories: Object.fromEntries(s.categories.filter((c) => c.count > 0).map((c) => [c.category.slug, c.count])),
    total: s.total,
    pending: s.pending,
    review: { onTime: s.review.onTime, counted: s.review.counted },
    declined: s.declined,
    withdrawn: s.withdrawn,
  };
}

/**
 * The same figures counted by hand from the awards, the nominations and the event log, without the
 * tallies the page reads: every row fetched, each wait worked out here from the two timestamps.
 */
async function countByHand(db: Kysely<Database>, scope: readonly string[] | null, now: Date, windowDays: number): Promise<Figures> {
  const months = recentMonths(now);
  const since = `${months[0]}-01T00:00:00.000Z`;
  const reviewSince = addDays(now, -REVIEW_STATS_DAYS).toISOString();
  const overdueBefore = addDays(now, -windowDays).toISOString();
  const inScope = (workplaceId: string | null) => scope === null || (workplaceId !== null && scope.includes(workplaceId));
  const shown = (await db.selectFrom('awards').select(['workplace_id', 'category_slug', 'status', 'created_at']).execute()).filter(
    (a) => inScope(a.workplace_id) && (a.status === 'approved' || a.status === 'claimed') && a.created_at >= since,
  );
  const nominations = (await db.selectFrom('nominations').select(['id', 'workplace_id', 'status', 'created_at']).execute()).filter((n) =>
    inScope(n.workplace_id),
  );
  const received = new Map(nominations.filter((n) => n.created_at >= reviewSince).map((n) => [n.id, n]));
  const decisions = (await db.selectFrom('nomination_events').select(['nomination_id', 'type', 'created_at']).execute()).filter(
    (e) => (e.type === 'approved' || e.type === 'declined') && received.has(e.nomination_id),
  );
  const tally = (keys: string[]) => {
    const counts: Record<string, number> = {};
    for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  };
  const perMonth = tally(shown.map((a) => a.created_at.slice(0, 7)));
  const waiting = [...received.values()].filter((n) => n.status === 'submitted' && n.created_at < overdueBefore);
  return {
    months: Object.fromEntries(months.map((m) => [m, perMonth[m] ?? 0])),
    categories: tally(shown.map((a) => a.category_slug)),
    total: months.reduce((sum, m) => sum + (perMonth[m] ?? 0), 0),
    pending: nominations.filter((n) => n.status === 'submitted').length,
    review: {
      onTime: decisions.filter(
        (e) => Date.parse(e.created_at) - Date.parse(received.get(e.nomination_id)!.created_at) <= windowDays * DAY_MS,
      ).length,
      counted: decisions.length + waiting.length,
    },
    declined: [...received.values()].filter((n) => n.status === 'declined').length,
    withdrawn: [...received.values()].filter((n) => n.status === 'withdrawn').length,
  };
}

const anAdmin: Actor = { id: 'admin', email: 'trainer@example.org', role: 'admin', lang: 'fr', workplaceIds: [], via: 'session' };

// The page reads tallies that triggers keep as awards and decisions are written (migration 009).
// Whatever writes them (a service, an import, a correction by hand), the page must say what a
// count of the rows themselves says.
describe('the figures follow every change to awards and decisions', () => {
  const now = testClock('2026-09-01T09:00:00.000Z');
  let app: TestApp;
  let fx: ReturnType<typeof wallFixtures>;
  let rouge: { id: string };
  let bleu: { id: string };
  const signIn = (workplaceIds: string[] = []) =>
    app.signedIn(workplaceIds.length > 0 ? 'manager' : 'admin', `${randomBytes(4).toString('hex')}@example.org`, workplaceIds);
  const send = async (who: { cookie: string }, path: string, body: unknown = {}) => {
    const res = await app.app.request(path, {
      method: 'POST',
      headers: { cookie: who.cookie, origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, path).toBe(200);
    return (await res.json()) as Record<string, any>;
  };
  const nominateAt = async (when: string, category: string, workplace: unknown = 'cafe-rouge') => {
    now.set(when);
    const res = await app.postJson('/api/v1/nominations', {
      workplace,
      staffFirstName: 'Aïcha',
      momentDate: isoDay(addDays(now.now(), -1)),
      category,
      story: 'She found the parcel we had given up on and walked it to our car.',
      publicStoryConsent: true,
      lang: 'fr',
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const approveAt = async (when: string, id: string, workplaceId = rouge.id) => {
    now.set(when);
    return (await send(await signIn([workplaceId]), `/api/v1/nominations/${id}/approve`)).award as { id: string; claimUrl: string };
  };
  /** The page's figures for the admin, the admin looking at Café Bleu, and Café Rouge's manager, each against a count by hand. */
  const expectExact = async () => {
    const views: [Actor, string | null, string[] | null][] = [
      [anAdmin, null, null],
      [anAdmin, 'cafe-bleu', [bleu.id]],
      [{ ...anAdmin, id: 'marie', role: 'manager', workplaceIds: [rouge.id] }, null, [rouge.id]],
    ];
    for (const [actor, slug, scope] of views) {
      expect(figuresOf(await loadInsights(app.ctx, actor, slug)), `${actor.role} ${slug ?? ''}`).toEqual(
        await countByHand(app.ctx.db, scope, now.now(), 14),
      );
    }
    return loadInsights(app.ctx, anAdmin, null);
  };

  beforeAll(async () => {
    app = await createTestApp({ clock: now, env: { NOMINATION_RATE_LIMIT: '100000/hour', REVIEW_WINDOW_DAYS: '14' } });
    fx = wallFixtures(app);
    rouge = await app.addWorkplace('cafe-rouge', 'Café Rouge', 'Montréal');
    bleu = await app.addWorkplace('cafe-bleu', 'Café Bleu', 'Québec');
  });
  afterAll(() => app.close());

  it('counts each approval, one exactly at the end of the review window as on time, and a claim changes nothing', async () => {
    const first = await approveAt('2026-08-03T10:00:00.000Z', await nominateAt('2026-08-01T10:00:00.000Z', 'presence'));
    // Fourteen days to the millisecond: still within the window.
    await approveAt('2026-08-29T08:30:00.000Z', await nominateAt('2026-08-15T08:30:00.000Z', 'relational'));
    // One millisecond more: late.
    await approveAt('2026-08-30T08:30:00.001Z', await nominateAt('2026-08-16T08:30:00.000Z', 'relational'));
    await approveAt('2026-08-21T10:00:00.000Z', await nominateAt('2026-08-20T10:00:00.000Z', 'recovery', 'cafe-bleu'), bleu.id);
    now.set('2026-09-01T09:00:00.000Z');
    const before = await expectExact();
    expect(before.total).toBe(4);
    expect(before.review).toEqual({ windowDays: 14, onTime: 3, counted: 4 });

    expect((await claim(app, first.claimUrl.split('/').pop()!)).status).toBe(200);
    const after = await expectExact();
    expect(after.total).toBe(4);
  });

  it('takes a revoked badge out, and moves a decision along when its nomination is attached to a workplace later', async () => {
    const revoked = await approveAt('2026-08-25T10:00:00.000Z', await nominateAt('2026-08-24T10:00:00.000Z', 'initiative'));
    now.set('2026-08-26T10:00:00.000Z');
    await send(await signIn([rouge.id]), `/api/v1/awards/${revoked.id}/revoke`, { reason: 'Not one of our staff' });
    // Made for a business not yet on the platform, declined by the admin, then attached to Café Rouge.
    const elsewhere = await nominateAt('2026-08-27T10:00:00.000Z', 'partnership', { name: 'Boulangerie Lune', city: 'Laval' });
    now.set('2026-08-28T10:00:00.000Z');
    await send(await signIn(), `/api/v1/nominations/${elsewhere}/decline`, { reason: 'Already recognised this week' });
    const rougeBefore = await loadInsights(app.ctx, anAdmin, 'cafe-rouge');
    await send(await signIn(), `/api/v1/nominations/${elsewhere}/attach`, { workplace: 'cafe-rouge' });
    now.set('2026-09-01T09:00:00.000Z');
    const all = await expectExact();
    expect(all.total).toBe(4);
    const rougeAfter = await loadInsights(app.ctx, anAdmin, 'cafe-rouge');
    expect(rougeAfter.review.counted).toBe(rougeBefore.review.counted + 1);
    expect(rougeAfter.declined).toBe(rougeBefore.declined + 1);
  });

  it('follows writes made outside the services: an import, a correction, a removal', async () => {
    const imported = await fx.insertAwards(rouge.id, 3, { start: '2026-07-15T12:00:00.000Z', category: 'elan' });
    await expectExact();
    // A correction: one imported award belonged to another category and month.
    await app.ctx.db
      .updateTable('awards')
      .set({ category_slug: 'partnership', created_at: '2026-06-30T23:59:59.999Z' })
      .where('id', '=', imported[0]!)
      .execute();
    // A removal: another was imported by mistake.
    await app.ctx.db.deleteFrom('awards').where('id', '=', imported[1]!).execute();
    // And a decision taken out of the log (it is append-only, but the tallies must not depend on it).
    const decision = await app.ctx.db.selectFrom('nomination_events').select('id').where('type', '=', 'declined').executeTakeFirstOrThrow();
    await app.ctx.db.deleteFrom('nomination_events').where('id', '=', decision.id).execute();
    const s = await expectExact();
    expect(s.months.find((m) => m.month === '2026-06')?.count).toBe(1);
    expect(s.categories.find((c) => c.category.slug === 'elan')?.count).toBe(1);
  });

  it('stays right as the months and the review window roll on', async () => {
    now.set('2026-09-30T23:59:59.999Z');
    await expectExact();
    now.set('2027-07-01T00:00:00.000Z');
    const later = await expectExact();
    expect(later.months[0]!.month).toBe('2026-08');
    expect(later.review.counted).toBe(0);
  });
});

describe('a database from before the tallies', () => {
  const at = testClock('2026-11-22T15:00:00.000Z');
  const { schema, url, migrator, start, drop } = upgradeDatabase();
  afterAll(drop);

  /** Two years of history for two workplaces (and a nomination or two with none), written straight into the tables. */
  async function writeHistory(db: Kysely<Database>, workplaceIds: string[]): Promise<void> {
    const categories = ['presence', 'relational', 'recovery', 'initiative', 'partnership', 'elan'];
    const kinds = ['approved', 'declined', 'claimed', 'submitted', 'withdrawn', 'revoked'] as const;
    const delays = [DAY_MS / 2, 14 * DAY_MS, 14 * DAY_MS + 1, 3 * DAY_MS, 19 * DAY_MS];
    const iso = (ms: number) => new Date(ms).toISOString();
    for (let i = 0; i < 70; i++) {
      const kind = kinds[i % kinds.length]!;
      const workplaceId = i % 7 === 6 ? null : workplaceIds[i % 2]!;
      const received = at.now().getTime() - (20 + i * 11) * DAY_MS - i * 3_600_000;
      const decided = received + delays[i % delays.length]!;
      const id = newId(received);
      const status = kind === 'claimed' || kind === 'revoked' ? 'approved' : kind;
      const category = categories[i % categories.length]!;
      await db
        .insertInto('nominations')
        .values({
          id,
          workplace_id: workplaceId,
          workplace_name: workplaceId ? null : 'Ailleurs',
          workplace_city: workplaceId ? null : 'Laval',
          staff_first_name: 'Mateo',
          staff_role: null,
          moment_date: iso(received).slice(0, 10),
          moment_place: null,
          category_slug: category,
          story: 'He stayed after closing to help us.',
          nominator_name: null,
          nominator_email: null,
          public_story_consent: 1,
          lang: 'fr',
          status,
          withdraw_token_hash: null,
          created_at: iso(received),
          updated_at: iso(received),
        })
        .execute();
      await db
        .insertInto('nomination_events')
        .values({
          id: newId(received),
          nomination_id: id,
          type: 'submitted',
          actor: 'nominator',
          reason: null,
          data: null,
          created_at: iso(received),
        })
        .execute();
      if (kind === 'submitted') continue;
      const type = kind === 'declined' || kind === 'withdrawn' ? kind : 'approved';
      await db
        .insertInto('nomination_events')
        .values({ id: newId(decided), nomination_id: id, type, actor: 'user:someone', reason: null, data: null, created_at: iso(decided) })
        .execute();
      if (kind === 'declined' || kind === 'withdrawn') continue;
      await db
        .insertInto('awards')
        .values({
          id: newId(decided),
          nomination_id: id,
          workplace_id: workplaceId,
          category_slug: category,
          staff_first_name: 'Mateo',
          moment_date: iso(received).slice(0, 10),
          status: kind,
          claim_token_hash: null,
          claim_expires_at: null,
          lang: 'fr',
          created_at: iso(decided),
          updated_at: iso(decided),
          issued_on: null,
          recipient_identity: null,
          recipient_salt: null,
          manage_token_hash: null,
          revoked_at: null,
          revocation_reason: null,
          ob3_credential: null,
        })
        .execute();
    }
  }

  it('counts what was written before migration 009, and again after it is undone and redone', async () => {
    const old = await connectDatabase(url, schema ? { schema } : {});
    const workplaceIds = [newId(), newId()];
    try {
      const migrated = await migrator(old.db).migrateTo('2026-11-22-008-wall-indexes');
      expect(migrated.error).toBeUndefined();
      for (const [i, id] of workplaceIds.entries()) {
        await old.db
          .insertInto('workplaces')
          .values({
            id,
            slug: `atelier-${i}`,
            name: `Atelier ${i}`,
            city: 'Montréal',
            public_wall: 0,
            lang: 'fr',
            created_at: at.now().toISOString(),
            updated_at: at.now().toISOString(),
          })
          .execute();
      }
      await writeHistory(old.db, workplaceIds);
    } finally {
      await old.destroy();
    }

    // Starting the app migrates to the latest: the tallies are filled from the rows already there.
    const ctx = await start(at, { REVIEW_WINDOW_DAYS: '14' });
    try {
      const expectExact = async () => {
        for (const [slug, scope] of [
          [null, null],
          ['atelier-1', [workplaceIds[1]!]],
        ] as const) {
          const s = await loadInsights(ctx, anAdmin, slug);
          expect(figuresOf(s)).toEqual(await countByHand(ctx.db, scope, at.now(), 14));
        }
        return loadInsights(ctx, anAdmin, null);
      };
      const s = await expectExact();
      // Something to count in every figure, or the comparison would prove little.
      expect(s.total).toBeGreaterThan(5);
      expect(s.review.onTime).toBeGreaterThan(0);
      expect(s.review.counted).toBeGreaterThan(s.review.onTime);
      expect(s.declined + s.withdrawn + s.pending).toBeGreaterThan(0);

      // Back to before 009 (undoing every later one first), then forward again.
      expect((await migrator(ctx.db).migrateTo('2026-11-22-008-wall-indexes')).error).toBeUndefined();
      expect((await migrator(ctx.db).migrateToLatest()).error).toBeUndefined();
      await expectExact();
    } finally {
      await ctx.destroy();
    }
  });
});
