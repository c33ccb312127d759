import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/actor.ts';
import { actorFromSession } from '../../src/auth/auth-service.ts';
import { addDays, isoDay } from '../../src/lib/clock.ts';
import { loadInsights, recentMonths } from '../../src/wall/insights-service.ts';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';
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
  const as = async (role: 'manager' | 'admin', ids: string[] = []) => t.signedIn(role, `${role}-${Math.random().toString(36).slice(2)}@example.org`, ids);
  const decide = async (action: 'approve' | 'decline' | 'revoke', id: string, when: string, workplace = rouge.id) => {
    at(when);
    const who = await as('manager', [workplace]);
    const path = action === 'revoke' ? `/api/v1/awards/${id}/revoke` : `/api/v1/nominations/${id}/${action}`;
    const res = await t.app.request(path, { method: 'POST', headers: { cookie: who.cookie, origin: ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify(action === 'approve' ? {} : { reason: 'Not one of our staff' }) });
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
  const form = await t.postForm('/w/cafe-rouge/nominate', { staffFirstName: 'Karim', momentDate: '2026-11-01', category: 'initiative', story: 'He brought a chair for my mother without us asking for anything.' });
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
    expect(recentMonths(new Date('2026-11-22T15:00:00Z'))).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
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
    expect(Object.fromEntries(s.categories.map((c) => [c.category.slug, c.count]))).toEqual({ presence: 1, relational: 1, recovery: 1, initiative: 0, partnership: 1, elan: 0 });
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
    expect(html).toMatch(/<desc id="chart-category-desc">4 badges en tout\. Présence : 1, Relationnel : 1, Rattrapage : 1, Initiative : 0, Partenariat : 1, Élan : 0\./);
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
