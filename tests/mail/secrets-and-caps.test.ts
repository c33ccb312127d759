import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createAppContext } from '../../src/context.ts';
import { connectDatabase } from '../../src/db/connect.ts';
import { newId } from '../../src/lib/ids.ts';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';
import { A_NOMINATION, ORIGIN } from '../helpers/journey.ts';
import { upgradeDatabase } from '../helpers/upgrade-database.ts';
import { type ReceivedMail, type SmtpReceiver, startSmtpReceiver } from './smtp-receiver.ts';

const clock = testClock('2026-11-22T15:00:00.000Z');
let t: TestApp;
let smtp: SmtpReceiver;
let admin: { cookie: string };
let manager: { cookie: string };

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  t = await createTestApp({ clock, env: { SMTP_URL: smtp.url, NOMINATION_RATE_LIMIT: '100/hour' } });
  const rouge = await t.addWorkplace('cafe-rouge', 'Café Rouge', 'Montréal');
  admin = await t.signedIn('admin', 'trainer@example.org');
  manager = await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const post = (path: string, who: { cookie: string }, body: unknown = {}) => t.postJson(path, body, { cookie: who.cookie, ...ORIGIN });

async function nominate(overrides: Record<string, unknown>): Promise<string> {
  const res = await t.postJson('/api/v1/nominations', { ...A_NOMINATION, ...overrides });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** Delivers what is due and waits until nothing is left pending (the mailer also runs by itself). */
async function allMailOut(): Promise<void> {
  await expect
    .poll(
      async () => {
        await t.ctx.mailer.deliverDue();
        return (await t.ctx.db.selectFrom('outbox').select('id').where('status', '=', 'pending').execute()).length;
      },
      { timeout: 30_000 },
    )
    .toBe(0);
}

const to = (address: string): ReceivedMail[] => smtp.messages.filter((message) => message.rcptTo[0] === address);

describe('links that grant something', () => {
  it('reach their inbox, and the outbox keeps no copy of them once sent', async () => {
    const invite = await post('/api/v1/workplaces/cafe-rouge/managers', admin, { email: 'gino@cafe-rouge.example' });
    expect(invite.status).toBe(201);
    const nominationId = await nominate({ nominatorEmail: 'luc@example.org' });
    const approved = await post(`/api/v1/nominations/${nominationId}/approve`, manager, { employeeEmail: 'zoe@example.org' });
    expect(approved.status).toBe(200);
    const { award } = (await approved.json()) as { award: { claimUrl: string } };
    const claimed = await t.postJson(`/api/v1/claims/${award.claimUrl.split('/').pop()}`, {
      email: 'zoe@example.org',
      publicPage: true,
      showStory: false,
      lang: 'fr',
    });
    expect(claimed.status).toBe(200);
    await allMailOut();

    const links = [/\/invite\/[\w-]+/, /\/n\/[\w.-]+/, /\/claim\/[\w-]+/, /\/my\/[\w-]+/];
    const received = smtp.messages.map((message) => message.text).join('\n');
    for (const link of links) expect(received).toMatch(link);

    const outbox = await t.ctx.db.selectFrom('outbox').selectAll().execute();
    expect(outbox.length).toBeGreaterThanOrEqual(5);
    expect(outbox.every((row) => row.status === 'sent' && row.text_body === '' && row.html_body === '')).toBe(true);
    for (const link of links) expect(JSON.stringify(outbox)).not.toMatch(link);
  });
});

describe('what a nominator types', () => {
  it('is never written into a mail, though the mail goes to the address they gave', async () => {
    const phisher = { nominatorName: 'URGENT verify your bank at https://evil.example', nominatorEmail: 'victim@example.org' };
    const kept = await nominate(phisher);
    expect((await post(`/api/v1/nominations/${kept}/approve`, manager)).status).toBe(200);
    const declined = await nominate(phisher);
    expect((await post(`/api/v1/nominations/${declined}/decline`, manager, { reason: 'Pas chez nous', shareReason: true })).status).toBe(
      200,
    );
    await allMailOut();

    const mails = to('victim@example.org');
    expect(mails.map((mail) => mail.text.split(/\r?\n/)[0])).toEqual(['Bonjour,', 'Bonjour,', 'Bonjour,', 'Bonjour,']);
    for (const mail of mails) {
      for (const part of [mail.subject, mail.text, mail.html]) {
        expect(part).not.toContain('evil.example');
        expect(part).not.toContain('URGENT');
      }
    }
  });
});

describe('mail to any one address', () => {
  it('stops at the day’s cap, without an error to anyone, and starts again the next day', async () => {
    const reviewerBefore = to('marie@cafe-rouge.example').length;
    for (let i = 0; i < 12; i++) await nominate({ nominatorEmail: 'Busy@Example.org' });
    await allMailOut();

    expect(to('busy@example.org')).toHaveLength(10);
    const dropped = await t.ctx.db.selectFrom('outbox').selectAll().where('status', '=', 'dropped').execute();
    expect(dropped.map((row) => [row.template, row.to_address, row.text_body, row.html_body])).toEqual([
      ['nominationConfirmation', 'busy@example.org', '', ''],
      ['nominationConfirmation', 'busy@example.org', '', ''],
    ]);
    // The workplace's reviewers hear of every nomination.
    expect(to('marie@cafe-rouge.example').length - reviewerBefore).toBe(12);
    // The counters name no address.
    const keys = await t.ctx.db.selectFrom('rate_limit_hits').select('key').where('key', 'like', 'mail-to:%').execute();
    expect(keys.length).toBeGreaterThan(0);
    expect(JSON.stringify(keys)).not.toMatch(/@|busy/i);

    clock.advance(86_400_000);
    await nominate({ nominatorEmail: 'busy@example.org' });
    await allMailOut();
    expect(to('busy@example.org')).toHaveLength(11);
  });
});

describe('mail sent before the outbox forgot its bodies (migration 014)', () => {
  it('keeps no body once the database is upgraded, and still sends what was waiting', async () => {
    const { schema, url, migrator, drop } = upgradeDatabase();
    try {
      const old = await connectDatabase(url, schema ? { schema } : {});
      const message = (status: 'sent' | 'pending') => ({
        id: newId(),
        to_address: 'gino@cafe-rouge.example',
        lang: 'fr',
        template: 'managerInvite',
        subject: 'Rejoindre Café Rouge',
        text_body: 'http://localhost:3000/invite/old-secret',
        html_body: '<a href="http://localhost:3000/invite/old-secret">',
        forget_after_sending: 0,
        status,
        attempts: status === 'sent' ? 1 : 0,
        next_attempt_at: clock.now().toISOString(),
        locked_until: null,
        last_error: null,
        created_at: clock.now().toISOString(),
        sent_at: status === 'sent' ? clock.now().toISOString() : null,
      });
      const sent = message('sent');
      const waiting = message('pending');
      try {
        expect((await migrator(old.db).migrateTo('2026-12-07-011-withdraw-links')).error).toBeUndefined();
        await old.db.insertInto('outbox').values([sent, waiting]).execute();
      } finally {
        await old.destroy();
      }
      const config = loadConfig({
        PUBLIC_URL: 'http://localhost:3000',
        DATABASE_URL: url,
        LOG_LEVEL: 'silent',
        SECRET_KEY: 'x'.repeat(32),
      });
      const ctx = await createAppContext(config, { clock, database: schema ? { schema, poolSize: 2 } : {} });
      try {
        const rows = await ctx.db.selectFrom('outbox').select(['id', 'text_body', 'html_body']).execute();
        const byId = new Map(rows.map((row) => [row.id, row]));
        expect(byId.get(sent.id)).toMatchObject({ text_body: '', html_body: '' });
        expect(byId.get(waiting.id)!.text_body).toContain('/invite/old-secret');
      } finally {
        await ctx.destroy();
      }
    } finally {
      await drop();
    }
  });
});
