import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';
import { A_NOMINATION, ORIGIN } from '../helpers/journey.ts';

// A wave of spam reached a workplace's queue before the operator turned the challenge on. Its manager
// ticks the lot and declines them as spam in one action; each keeps its own record of it.

const fr = translator('fr');
const en = translator('en');
let t: TestApp;
let manager: { id: string; cookie: string };
let other: { cookie: string };
let admin: { id: string; cookie: string };

beforeAll(async () => {
  t = await createTestApp({ clock: testClock('2026-11-22T15:00:00.000Z'), env: { NOMINATION_RATE_LIMIT: '1000/hour' } });
  const rouge = await t.addWorkplace('cafe-rouge', 'Café Rouge', 'Montréal');
  const bleu = await t.addWorkplace('cafe-bleu', 'Café Bleu', 'Québec');
  manager = await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);
  other = await t.signedIn('manager', 'paul@cafe-bleu.example', [bleu.id]);
  admin = await t.signedIn('admin', 'trainer@example.org');
});
afterAll(() => t.close());

/** A spam nomination, with someone's address as the "nominator". */
async function spam(workplace: unknown = 'cafe-rouge'): Promise<string> {
  const res = await t.postJson('/api/v1/nominations', {
    ...A_NOMINATION,
    workplace,
    staffFirstName: 'Bot',
    story: 'URGENT verify your bank at https://evil.example right now please',
    nominatorEmail: 'victim@example.org',
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const declineApi = (who: { cookie: string }, body: unknown, headers: Record<string, string> = {}) =>
  t.app.request('/api/v1/nominations/decline', {
    method: 'POST',
    headers: { cookie: who.cookie, 'content-type': 'application/json', ...ORIGIN, ...headers },
    body: JSON.stringify(body),
  });

const statuses = async (ids: string[]) =>
  (await t.ctx.db.selectFrom('nominations').select(['id', 'status']).where('id', 'in', ids).orderBy('id').execute()).map((r) => r.status);

const declineEvents = (ids: string[]) =>
  t.ctx.db
    .selectFrom('nomination_events')
    .select(['nomination_id', 'actor', 'reason', 'data'])
    .where('nomination_id', 'in', ids)
    .where('type', '=', 'declined')
    .orderBy('nomination_id')
    .execute();

describe('a manager declines a batch of spam through the API', () => {
  it('declines every one, each with its own decline event, and mails nobody', async () => {
    const ids = [await spam(), await spam(), await spam()];
    const mailBefore = await t.countRows('outbox');
    const res = await declineApi(manager, { ids: [...ids, ids[0]], reason: 'Pourriel' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { id: string; status: string }[] };
    expect(body.items.map((i) => i.id).sort()).toEqual([...ids].sort());
    expect(body.items.every((i) => i.status === 'declined')).toBe(true);
    expect(await statuses(ids)).toEqual(['declined', 'declined', 'declined']);
    const events = await declineEvents(ids);
    expect(events.map((e) => e.nomination_id)).toEqual([...ids].sort());
    for (const event of events) {
      expect(event).toMatchObject({ actor: `user:${manager.id}`, reason: 'Pourriel' });
      expect(JSON.parse(event.data!)).toEqual({ spam: true });
    }
    // The "nominator" of spam is likely someone else: they are not written to.
    expect(await t.countRows('outbox')).toBe(mailBefore);
    // Each shows in its own history.
    const history = await t.app.request(`/api/v1/nominations/${ids[1]}`, { headers: { cookie: manager.cookie } });
    expect(((await history.json()) as { events: { type: string }[] }).events.map((e) => e.type)).toEqual(['submitted', 'declined']);
  });

  it('refuses the whole batch when one nomination is not the manager’s, and declines none', async () => {
    const mine = [await spam(), await spam()];
    const theirs = await spam('cafe-bleu');
    const res = await declineApi(manager, { ids: [...mine, theirs], reason: 'Spam' });
    expect(res.status).toBe(403);
    expect(await statuses([...mine, theirs])).toEqual(['submitted', 'submitted', 'submitted']);
    // The manager of the other workplace cannot decline these either; the issuer admin can decline them all.
    expect((await declineApi(other, { ids: mine, reason: 'Spam' })).status).toBe(403);
    const unlisted = await spam({ name: 'Boutique inconnue', city: 'Laval' });
    expect((await declineApi(manager, { ids: [unlisted], reason: 'Spam' })).status).toBe(403);
    expect((await declineApi(admin, { ids: [...mine, theirs, unlisted], reason: 'Spam' })).status).toBe(200);
    expect(await statuses([...mine, theirs, unlisted])).toEqual(['declined', 'declined', 'declined', 'declined']);
    const events = await declineEvents([...mine, theirs, unlisted]);
    expect(events.map((e) => e.actor)).toEqual(Array(4).fill(`user:${admin.id}`));
  });

  it('refuses the whole batch when one was decided meanwhile, or does not exist, and declines none', async () => {
    const waiting = await spam();
    const decided = await spam();
    expect((await declineApi(manager, { ids: [decided], reason: 'Spam' })).status).toBe(200);
    const res = await declineApi(manager, { ids: [waiting, decided], reason: 'Spam' }, { 'accept-language': 'en' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(en('review.alreadyDecided'));
    expect((await declineApi(manager, { ids: [waiting, '01JUNKNOWNNOMINATION000000'], reason: 'Spam' })).status).toBe(404);
    expect(await statuses([waiting])).toEqual(['submitted']);
    expect(await declineEvents([waiting])).toEqual([]);
  });

  it('names the field at fault: no ids, too many, a reason too short, not a list', async () => {
    const id = await spam();
    const cases: [unknown, string][] = [
      [{ ids: [], reason: 'Spam' }, 'ids'],
      [{ ids: Array.from({ length: 101 }, (_, i) => `id-${i}`), reason: 'Spam' }, 'ids'],
      [{ ids: id, reason: 'Spam' }, 'ids'],
      [{ ids: [id], reason: 'x' }, 'reason'],
      [{ ids: [id] }, 'reason'],
    ];
    for (const [body, field] of cases) {
      const res = await declineApi(manager, body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(Object.keys(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields)).toEqual([field]);
    }
    expect(await statuses([id])).toEqual(['submitted']);
    expect((await t.app.request('/api/v1/nominations/decline', { method: 'POST', body: '{}' })).status).toBe(401);
  });
});

describe('a manager declines a batch of spam from the queue in /manage', () => {
  const form = (fields: [string, string][]) =>
    t.app.request('/manage/nominations/decline', {
      method: 'POST',
      headers: { cookie: manager.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...ORIGIN },
      body: new URLSearchParams(fields).toString(),
    });

  it('sees a box to tick beside each nomination, and one button for the ticked', async () => {
    const id = await spam();
    const html = await (await t.app.request('/manage', { headers: { cookie: manager.cookie } })).text();
    expect(html).toContain('<form method="post" action="/manage/nominations/decline">');
    expect(html).toMatch(new RegExp(`<input type="checkbox" class="pick" name="ids" value="${id}"`));
    expect(html).toContain(fr('spam.pick', { name: 'Bot' }));
    expect(html).toContain(`value="${fr('spam.reason.default')}"`);
    expect(html).toContain(fr('spam.submit'));
  });

  it('declines the ticked ones and is told how many', async () => {
    const ticked = [await spam(), await spam()];
    const kept = await spam();
    const res = await form([...ticked.map((id): [string, string] => ['ids', id]), ['reason', 'Pourriel']]);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/manage?declined=2');
    expect(await statuses([...ticked, kept].sort())).toEqual(
      [...ticked, kept].sort().map((id) => (id === kept ? 'submitted' : 'declined')),
    );
    const page = await (await t.app.request('/manage?declined=2', { headers: { cookie: manager.cookie } })).text();
    expect(page).toContain(fr('spam.done', { count: 2 }));
  });

  it('gets the queue back with the boxes still ticked and the reason typed, when the reason is too short', async () => {
    const ticked = await spam();
    const res = await form([
      ['ids', ticked],
      ['reason', 'x'],
    ]);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(fr('review.reasonLength'));
    expect(html).toMatch(new RegExp(`value="${ticked}" checked=""`));
    expect(html).toContain('name="reason" value="x"');
    expect(await statuses([ticked])).toEqual(['submitted']);
  });

  it('is told to tick something when nothing is ticked', async () => {
    const res = await form([['reason', 'Pourriel']]);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(fr('spam.ids'));
  });
});
