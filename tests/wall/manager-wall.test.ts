import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { workplaceLinks } from '../../src/wall/wall-routes.tsx';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';
import { cardIds, nextLink, ORIGIN, wallFixtures } from './wall-fixtures.ts';

const clock = testClock('2026-11-22T15:00:00.000Z');
let t: TestApp;
let f: ReturnType<typeof wallFixtures>;
let rouge: { id: string };
let bleu: { id: string };
let pages: { id: string };
let manager: { cookie: string };
let other: { cookie: string };
let admin: { cookie: string };
const mine = {} as Record<'october' | 'private' | 'claimed' | 'revoked' | 'erased', string>;
const theirs = {} as Record<'bleu', string>;

beforeAll(async () => {
  t = await createTestApp({ clock, env: { NOMINATION_RATE_LIMIT: '100000/hour' } });
  f = wallFixtures(t);
  rouge = await t.addWorkplace('cafe-rouge', 'Café Rouge', 'Montréal');
  bleu = await t.addWorkplace('cafe-bleu', 'Café Bleu', 'Québec');
  pages = await t.addWorkplace('librairie-pages', 'Librairie Pages', 'Sherbrooke');
  manager = await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);
  other = await t.signedIn('manager', 'paul@cafe-bleu.example', [bleu.id]);
  admin = await t.signedIn('admin', 'trainer@example.org');

  clock.set('2026-10-05T14:00:00.000Z');
  mine.october = await f.award(manager, 'cafe-rouge', {
    staffFirstName: 'Octave',
    category: 'recovery',
    story: 'He fixed the wrong order and came back to check on us.',
  });
  clock.set('2026-11-10T14:00:00.000Z');
  mine.private = await f.award(manager, 'cafe-rouge', {
    staffFirstName: 'Discrète',
    category: 'presence',
    story: 'A story the customer wants kept between us.',
    publicStoryConsent: false,
  });
  mine.claimed = await f.award(manager, 'cafe-rouge', { staffFirstName: 'Réclamée', category: 'relational' });
  await f.claim(mine.claimed, { publicPage: false, showStory: false });
  mine.revoked = await f.award(manager, 'cafe-rouge', { staffFirstName: 'Révoquée' });
  await f.setStatus(mine.revoked, 'revoked');
  mine.erased = await f.award(manager, 'cafe-rouge', { staffFirstName: 'Effacée' });
  await f.setStatus(mine.erased, 'erased');
  theirs.bleu = await f.award(other, 'cafe-bleu', { staffFirstName: 'Bleuet' });
  clock.set('2026-11-22T15:00:00.000Z');
});
afterAll(() => t.close());

describe('a workplace manager on the recognition wall', () => {
  it('sees the awards of their own workplace only, newest first, and another workplace’s filter is refused', async () => {
    const res = await f.get('/manage/wall', manager);
    expect(res.status).toBe(200);
    const html = await res.text();
    const ids = cardIds(html);
    expect(ids).toEqual([mine.claimed, mine.private, mine.october]);
    expect(html).not.toContain('Bleuet');
    expect((await f.get('/manage/wall?workplace=cafe-bleu', manager)).status).toBe(403);
    expect((await f.get('/manage/wall?workplace=cafe-rouge', manager)).status).toBe(200);
    expect((await f.get('/manage/wall?workplace=no-such-place', manager)).status).toBe(404);
  });

  it('is unranked: no counts per person, only cards with the moment, the category and whether it was claimed', async () => {
    const html = await (await f.get('/manage/wall', manager)).text();
    expect(html).toContain('Réclamée');
    expect(html).toContain('Pas encore réclamé');
    expect(html).toContain('Rattrapage');
    expect(html).toContain('Moment du 9 novembre 2026');
    expect(html).not.toMatch(/classement|leaderboard|top employ/i);
  });

  it('shows the story only where the nominator allowed it, and never the nominator', async () => {
    const html = await (await f.get('/manage/wall', manager)).text();
    expect(html).toContain('He fixed the wrong order and came back to check on us.');
    expect(html).not.toContain('A story the customer wants kept between us.');
    expect(html).toContain('Le client a préféré garder son histoire privée.');
    expect(html).not.toContain('Luc Nominateur');
    expect(html).not.toContain('luc.nominateur@example.org');
  });

  it('never shows a revoked or erased badge', async () => {
    const html = await (await f.get('/manage/wall', manager)).text();
    expect(html).not.toContain('Révoquée');
    expect(html).not.toContain('Effacée');
  });

  it('lets the admin see every workplace, and filter to one', async () => {
    const all = cardIds(await (await f.get('/manage/wall', admin)).text());
    expect(all).toEqual(expect.arrayContaining([mine.claimed, mine.private, mine.october, theirs.bleu]));
    expect(cardIds(await (await f.get('/manage/wall?workplace=cafe-bleu', admin)).text())).toEqual([theirs.bleu]);
  });

  it('filters by category and by period (the day an award was made, both ends included)', async () => {
    expect(cardIds(await (await f.get('/manage/wall?category=recovery', manager)).text())).toEqual([mine.october]);
    expect(cardIds(await (await f.get('/manage/wall?from=2026-11-10', manager)).text())).toEqual([mine.claimed, mine.private]);
    expect(cardIds(await (await f.get('/manage/wall?to=2026-10-05', manager)).text())).toEqual([mine.october]);
    expect(cardIds(await (await f.get('/manage/wall?from=2026-10-06&to=2026-11-09', manager)).text())).toEqual([]);
    expect(
      cardIds(await (await f.get('/manage/wall?workplace=cafe-rouge&category=presence&from=2026-11-01&to=2026-11-30', manager)).text()),
    ).toEqual([mine.private]);
  });

  it('keeps a bad filter in the form with a message beside it (400)', async () => {
    const badDate = await f.get('/manage/wall?from=2026-13-45', manager);
    expect(badDate.status).toBe(400);
    const html = await badDate.text();
    expect(html).toContain('Entrez une date sous la forme AAAA-MM-JJ.');
    expect(html).toContain('value="2026-13-45"');
    const reversed = await f.get('/manage/wall?from=2026-11-10&to=2026-11-01', manager);
    expect(reversed.status).toBe(400);
    expect(await reversed.text()).toContain('Cette date vient avant la date de début.');
    expect((await f.get('/manage/wall?category=nope', manager)).status).toBe(400);
    expect((await f.get('/manage/wall?cursor=garbage', manager)).status).toBe(400);
  });

  it('speaks English when asked', async () => {
    const html = await (await f.get('/manage/wall?lang=en', manager)).text();
    expect(html).toContain('Recognition wall');
    expect(html).toContain('Not claimed yet');
    expect(html).toContain('Recovery');
    expect(html).toContain('The customer chose to keep their story private.');
  });
});

describe('paging through a large wall', () => {
  it('returns every award exactly once across pages, newest first, even when awards share an instant', async () => {
    // 61 awards, three to an instant: ties on created_at must be broken by id, or a page would skip or repeat one.
    const inserted = await f.insertAwards(pages.id, 61, { start: '2026-06-01T09:00:00.000Z', perInstant: 3 });
    const expected = await t.ctx.db
      .selectFrom('awards')
      .select('id')
      .where('workplace_id', '=', pages.id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    expect(expected).toHaveLength(inserted.length);
    const seen: string[] = [];
    let path: string | null = '/manage/wall?workplace=librairie-pages';
    let pagesRead = 0;
    while (path) {
      const res = await f.get(path, admin);
      expect(res.status).toBe(200);
      const html = await res.text();
      const ids = cardIds(html);
      expect(ids.length).toBeLessThanOrEqual(24);
      seen.push(...ids);
      path = nextLink(html);
      if (path) expect(path).toContain('workplace=librairie-pages');
      pagesRead++;
    }
    expect(pagesRead).toBe(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expected.map((r) => r.id));
  });

  it('keeps the filters on the next page', async () => {
    await f.insertAwards(pages.id, 30, { start: '2026-07-01T09:00:00.000Z', category: 'initiative' });
    const first = await (await f.get('/manage/wall?workplace=librairie-pages&category=initiative', admin)).text();
    const next = nextLink(first)!;
    expect(next).toContain('category=initiative');
    const second = cardIds(await (await f.get(next, admin)).text());
    expect(cardIds(first).length + second.length).toBe(30);
  });
});

describe('the break-room screen', () => {
  it('shows the newest award without any script, the others ready to cycle through a script file', async () => {
    const res = await f.get('/manage/wall/screen?workplace=cafe-rouge', manager);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<script src="/assets/wall-screen.js" defer=""></script>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    // No meta refresh (it cannot be paused): the script reloads, and its button stops it.
    expect(html).not.toContain('http-equiv="refresh"');
    expect(html).toMatch(/<main id="main" class="screen" data-interval="\d+" data-reload="\d+">/);
    const cards = [...html.matchAll(/<section class="screen-card"( hidden="")?/g)];
    expect(cards.length).toBe(3);
    expect(cards[0]![1]).toBeUndefined();
    expect(cards.slice(1).every((c) => c[1] === ' hidden=""')).toBe(true);
    expect(html.indexOf('Réclamée')).toBeLessThan(html.indexOf('Octave'));
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = await t.app.request('/assets/wall-screen.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toContain('data-interval');
  });

  it('is refused for another workplace', async () => {
    expect((await f.get('/manage/wall/screen?workplace=cafe-rouge', other)).status).toBe(403);
  });
});

describe('exports', () => {
  const csv = async (path: string, who: { cookie: string }) => {
    const res = await f.get(path, who);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="elan-[a-z]+-2026-11-22\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  };

  it('gives a manager one row per award of their own workplaces only, every status included', async () => {
    const text = await csv('/manage/export.csv', manager);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Identifiant,Milieu de travail,Prénom,Catégorie,Date du moment,Statut,Réclamé,Remis le');
    expect(lines).toHaveLength(1 + 5);
    for (const id of Object.values(mine)) expect(text).toContain(id);
    expect(text).not.toContain(theirs.bleu);
    expect(text).toContain(`${mine.claimed},Café Rouge,Réclamée,Relationnel,2026-11-09,Réclamée,oui,2026-11-10T14:00:00.000Z`);
    expect(text).toContain(`${mine.revoked},Café Rouge,Révoquée,Présence,2026-11-09,Révoquée,non,`);
    expect((await f.get('/manage/export.csv?workplace=cafe-bleu', manager)).status).toBe(403);
  });

  it('follows the wall’s filters', async () => {
    const text = await csv('/manage/export.csv?category=recovery', manager);
    expect(text.slice(1).trimEnd().split('\r\n')).toHaveLength(2);
    expect(text).toContain(mine.october);
  });

  it('exports nominations without the nominator, and only the manager’s own', async () => {
    const text = await csv('/manage/export-nominations.csv', manager);
    expect(text).toContain('Octave');
    expect(text).toContain('He fixed the wrong order and came back to check on us.');
    expect(text).not.toContain('Bleuet');
    expect(text).not.toContain('Luc Nominateur');
    expect(text).not.toContain('luc.nominateur@example.org');
    expect((await f.get('/manage/export-nominations.csv?workplace=cafe-bleu', manager)).status).toBe(403);
    const all = await csv('/manage/export-nominations.csv', admin);
    expect(all).toContain('Bleuet');
  });

  it('neutralises a story or a first name written as a formula', async () => {
    await f.nominate('cafe-rouge', { staffFirstName: 'Formule', story: '=HYPERLINK("http://evil.example","Cliquez ici pour le cadeau")' });
    const text = await csv('/manage/export-nominations.csv', manager);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""Cliquez ici pour le cadeau"")"`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    // The form refuses such a first name; one that reached the table another way is defused all the same.
    await t.ctx.db.updateTable('awards').set({ staff_first_name: '@SUM(1+1)*cmd' }).where('id', '=', mine.october).execute();
    const awards = await csv('/manage/export.csv', manager);
    expect(awards).toContain(`,Café Rouge,'@SUM(1+1)*cmd,`);
    await t.ctx.db.updateTable('awards').set({ staff_first_name: 'Octave' }).where('id', '=', mine.october).execute();
  });

  it('writes the headers in English when asked', async () => {
    const text = await csv('/manage/export.csv?lang=en', manager);
    expect(text.slice(1).split('\r\n')[0]).toBe('ID,Workplace,First name,Category,Moment date,Status,Claimed,Awarded on');
  });
});

describe('the counter card’s print view', () => {
  it('shows the card large for the workplace’s managers, with a print hint, and is refused to others', async () => {
    const res = await f.get('/manage/workplaces/cafe-rouge/print', manager);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<img src="/w/cafe-rouge/counter-card.png"');
    expect(html).toContain('Ctrl+P');
    expect((await f.get('/manage/workplaces/cafe-rouge/print', other)).status).toBe(403);
    expect((await f.get('/manage/workplaces/nowhere/print', admin)).status).toBe(404);
  });

  it('is linked, with the wall and the public wall, from the workplace’s page links', () => {
    const t = translator('fr');
    expect(workplaceLinks('cafe-rouge', t, true).map((l) => l.href)).toEqual([
      '/manage/wall?workplace=cafe-rouge',
      '/manage/insights?workplace=cafe-rouge',
      '/manage/workplaces/cafe-rouge/print',
      '/w/cafe-rouge/wall',
    ]);
    expect(workplaceLinks('cafe-rouge', t, false).map((l) => l.href)).not.toContain('/w/cafe-rouge/wall');
    expect(workplaceLinks('cafe-rouge', translator('en')).at(-1)).toEqual({
      href: '/w/cafe-rouge/wall',
      label: 'Public wall (visible once turned on)',
    });
  });
});

describe('the management menu', () => {
  it('leads to the wall and to insights', async () => {
    const html = await (await f.get('/manage', manager, { origin: ORIGIN })).text();
    expect(html).toContain('<a href="/manage/wall">Mur de reconnaissance</a>');
    expect(html).toContain('<a href="/manage/insights">Aperçu</a>');
  });
});
