import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { AppError } from '../../src/lib/errors.ts';
import { submitNomination } from '../../src/nominations/nomination-service.ts';
import { createNominationWriter } from '../../src/nominations/nomination-writer.ts';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';
import { freePort } from '../helpers/server.ts';

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

type Writer = ReturnType<typeof createNominationWriter>;
type MailStep = NonNullable<NonNullable<Parameters<typeof submitNomination>[2]>['onSubmitted']>;

/** Sends a nomination straight to the service, written through `write`, from `address`. */
const submitThrough = (write: Writer, name: string, address: string, onSubmitted?: MailStep) =>
  submitNomination(
    t.ctx,
    { clientAddress: address, lang: 'fr', read: () => nomination(name) },
    { write, ...(onSubmitted ? { onSubmitted } : {}) },
  );

/** A mail step that writes a marker row `<marker>:<name>`, then throws `fault` for the nomination of `failing`. */
const markThenFail =
  (marker: string, failing: string, fault: () => Error): MailStep =>
  async (trx, n) => {
    await trx
      .insertInto('settings')
      .values({ key: `${marker}:${n.staff_first_name}`, value: n.id })
      .execute();
    if (n.staff_first_name === failing) throw fault();
  };

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
    const broken = await t.app.request('/api/v1/nominations', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...address },
      body: '{"workplace":',
    });
    expect(broken.status).toBe(400);
    const invalid = await t.postJson('/api/v1/nominations', { ...nomination('Gaëlle'), category: 'fastest' }, address);
    expect(invalid.status).toBe(400);
    expect((await t.postJson('/api/v1/nominations', nomination('Gaëlle'), address)).status).toBe(201);
    const limited = await t.postJson('/api/v1/nominations', nomination('Hélène'), address);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Over the limit, the answer is 429 whatever the body.
    const brokenAgain = await t.app.request('/api/v1/nominations', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...address },
      body: '{',
    });
    expect(brokenAgain.status).toBe(429);
    expect(await stored('Hélène')).toEqual([]);
  });

  it('answers a fault in one nomination of a batch with an error for that one alone, and stores the others', async () => {
    const write = createNominationWriter(t.ctx.db);
    const onSubmitted = markThenFail('seen', 'Inès', () => new Error('the disk is full'));
    const submit = (name: string, address: string) => submitThrough(write, name, address, onSubmitted);
    const results = await Promise.allSettled([submit('Inès', '192.0.2.1'), submit('Jade', '192.0.2.2'), submit('Kenza', '192.0.2.3')]);

    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toContain('the disk is full');
    expect(await stored('Inès')).toEqual([]);
    expect(await stored('Jade')).toEqual(['submitted']);
    expect(await stored('Kenza')).toEqual(['submitted']);
    const seen = await t.ctx.db.selectFrom('settings').select('key').where('key', 'like', 'seen:%').orderBy('key').execute();
    expect(seen.map((row) => row.key)).toEqual(['seen:Jade', 'seen:Kenza']);
  });

  it('undoes every write of a nomination refused midway through a batch, and only its own', async () => {
    const write = createNominationWriter(t.ctx.db);
    const onSubmitted = markThenFail('written', 'Pauline', () => new AppError('validation', 400, 'error.validation'));
    const submit = (name: string, address: string) => submitThrough(write, name, address, onSubmitted);
    const results = await Promise.allSettled([
      submit('Olive', '192.0.2.60'),
      submit('Pauline', '192.0.2.61'),
      submit('Quitterie', '192.0.2.62'),
    ]);

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    expect(await stored('Pauline')).toEqual([]);
    expect(await stored('Olive')).toEqual(['submitted']);
    expect(await stored('Quitterie')).toEqual(['submitted']);
    const written = await t.ctx.db.selectFrom('settings').select('key').where('key', 'like', 'written:%').orderBy('key').execute();
    expect(written.map((row) => row.key)).toEqual(['written:Olive', 'written:Quitterie']);
  });

  it('stores every nomination when two processes write batches that count the same addresses in opposite orders', async () => {
    // Two writers over one database are two processes of an instance (WORKERS=2). On PostgreSQL each
    // batch locks the counters it updates until it commits, so these two batches wait for each other
    // (a deadlock); the database aborts one, whose nominations are then written one by one.
    const first = createNominationWriter(t.ctx.db);
    const second = createNominationWriter(t.ctx.db);
    const submit = submitThrough;
    const results = await Promise.allSettled([
      submit(first, 'Léa', '192.0.2.50'),
      submit(second, 'Maëlle', '192.0.2.51'),
      submit(first, 'Nadia', '192.0.2.51'),
      submit(second, 'Océane', '192.0.2.50'),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    for (const name of ['Léa', 'Maëlle', 'Nadia', 'Océane']) expect(await stored(name)).toEqual(['submitted']);
  });

  it('answers each nomination with the fault when the database cannot be reached at all, and keeps taking them once it can', async () => {
    // A database nobody listens for: the batch's transaction cannot even begin.
    const unreachable = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ host: '127.0.0.1', port: await freePort(), user: 'elan' }) }),
    });
    try {
      const write = createNominationWriter(unreachable);
      const results = await Promise.allSettled([1, 2, 3].map((n) => write(async () => n)));
      expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(String((results[0] as PromiseRejectedResult).reason)).toContain('ECONNREFUSED');
    } finally {
      await unreachable.destroy();
    }
    const write = createNominationWriter(t.ctx.db);
    expect(await Promise.all([1, 2].map((n) => write(async () => n)))).toEqual([1, 2]);
  });
});
