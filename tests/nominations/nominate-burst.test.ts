import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitNomination } from '../../src/nominations/nomination-service.ts';
import { createNominationWriter } from '../../src/nominations/nomination-writer.ts';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock: testClock('2026-11-22T15:00:00.000Z'), env: { NOMINATION_RATE_LIMIT: '3/hour', TRUST_PROXY: 'on' } });
  await t.addWorkplace('cafe-rouge');
});
afterAll(() => t.close());

const nomination = (staffFirstName: string) => ({
  workplace: 'cafe-rouge',
  staffFirstName,
  momentDate: '2026-11-21',
  category: 'presence',
  story: 'Elle a pris le temps de m’expliquer chaque café, sans jamais me presser.',
  nominatorEmail: 'luc@example.org',
  publicStoryConsent: true,
});

const from = (address: string) => ({ 'x-forwarded-for': address });

async function stored(staffFirstName: string) {
  const rows = await t.ctx.db
    .selectFrom('nominations')
    .innerJoin('nomination_events', 'nomination_events.nomination_id', 'nominations.id')
    .select(['nominations.id', 'nomination_events.type'])
    .where('nominations.staff_first_name', '=', staffFirstName)
    .execute();
  return rows.map((row) => row.type);
}

describe('customers nominate at the same moment', () => {
  it('stores every nomination sent together with its event and its mail, and refuses only the one over its address’s limit', async () => {
    const senders = [
      ['Amélie', '203.0.113.10'],
      ['Béatrice', '203.0.113.10'],
      ['Chloé', '203.0.113.10'],
      ['Dalia', '203.0.113.10'],
      ['Élodie', '203.0.113.11'],
      ['Fatou', '203.0.113.12'],
    ] as const;
    const answers = await Promise.all(senders.map(([name, address]) => t.postJson('/api/v1/nominations', nomination(name), from(address))));

    const statuses = answers.map((res) => res.status);
    // The first address may send three an hour: one of its four is refused, whichever came last.
    expect(statuses.filter((status) => status === 429)).toHaveLength(1);
    expect(statuses.slice(4)).toEqual([201, 201]);
    const refused = senders[statuses.indexOf(429)]![0];
    for (const [name] of senders) expect(await stored(name)).toEqual(name === refused ? [] : ['submitted']);
    const mail = await t.ctx.db.selectFrom('outbox').select('id').where('template', '=', 'nominationConfirmation').execute();
    expect(mail).toHaveLength(5);
  });

  it('counts every attempt against the limit: broken JSON and a refused nomination too', async () => {
    const address = from('198.51.100.20');
    const broken = await t.app.request('/api/v1/nominations', { method: 'POST', headers: { 'content-type': 'application/json', ...address }, body: '{"workplace":' });
    expect(broken.status).toBe(400);
    const invalid = await t.postJson('/api/v1/nominations', { ...nomination('Gaëlle'), category: 'fastest' }, address);
    expect(invalid.status).toBe(400);
    expect((await t.postJson('/api/v1/nominations', nomination('Gaëlle'), address)).status).toBe(201);
    const limited = await t.postJson('/api/v1/nominations', nomination('Hélène'), address);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Over the limit, the answer is 429 whatever the body.
    const brokenAgain = await t.app.request('/api/v1/nominations', { method: 'POST', headers: { 'content-type': 'application/json', ...address }, body: '{' });
    expect(brokenAgain.status).toBe(429);
    expect(await stored('Hélène')).toEqual([]);
  });

  it('answers a fault in one nomination of a batch with an error for that one alone, and stores the others', async () => {
    const write = createNominationWriter(t.ctx.db, t.ctx.dialect);
    const submit = (name: string, address: string) =>
      submitNomination(
        t.ctx,
        { clientAddress: address, lang: 'fr', read: () => nomination(name) },
        {
          write,
          onSubmitted: async (trx, n) => {
            await trx.insertInto('settings').values({ key: `seen:${n.staff_first_name}`, value: n.id }).execute();
            if (n.staff_first_name === 'Inès') throw new Error('the disk is full');
          },
        },
      );
    const results = await Promise.allSettled([submit('Inès', '192.0.2.1'), submit('Jade', '192.0.2.2'), submit('Kenza', '192.0.2.3')]);

    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toContain('the disk is full');
    expect(await stored('Inès')).toEqual([]);
    expect(await stored('Jade')).toEqual(['submitted']);
    expect(await stored('Kenza')).toEqual(['submitted']);
    const seen = await t.ctx.db.selectFrom('settings').select('key').where('key', 'like', 'seen:%').orderBy('key').execute();
    expect(seen.map((row) => row.key)).toEqual(['seen:Jade', 'seen:Kenza']);
  });
});
