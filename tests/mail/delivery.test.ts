import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/lib/logger.ts';
import { createMailer, type Mailer, retryDelayMs } from '../../src/mail/mailer.ts';
import { enqueueMail } from '../../src/mail/outbox.ts';
import * as templates from '../../src/mail/templates.ts';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';
import { type SmtpReceiver, startSmtpReceiver, unusedPort } from './smtp-receiver.ts';

const clock = testClock();
let t: TestApp;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await t.ctx.db.deleteFrom('outbox').execute();
});
afterAll(() => t.close());

/** A logger that keeps its entries, to read what a mailer without SMTP wrote. */
function recordingLogger() {
  const entries: { level: string; message: string; data?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, data?: Record<string, unknown>) => {
    entries.push({ level, message, ...(data ? { data } : {}) });
  };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, entries };
}

function mailer(smtpUrl: string | null, extra: { maxAttempts?: number; logger?: Logger } = {}): Mailer {
  const m = createMailer({
    db: t.ctx.db,
    dialect: t.ctx.dialect,
    smtpUrl,
    from: 'Élan <badges@elan.test>',
    logger: extra.logger ?? recordingLogger().logger,
    clock,
    perRecipient: { hashKey: t.ctx.hashKey, rule: t.ctx.config.mailRateLimit },
    ...(extra.maxAttempts ? { maxAttempts: extra.maxAttempts } : {}),
  });
  cleanups.push(() => m.stop());
  return m;
}

async function receiver(options: Parameters<typeof startSmtpReceiver>[0] = {}): Promise<SmtpReceiver> {
  const r = await startSmtpReceiver(options);
  cleanups.push(() => r.close());
  return r;
}

const claimUrl = 'https://elan.test/claim/tok_abc?x=1&y=2';

function claimMail(lang: 'fr' | 'en', to = 'amelie@example.org') {
  const content = templates.claimLink(lang, {
    firstName: 'Amélie',
    categoryName: lang === 'fr' ? 'Présence' : 'Presence',
    workplaceName: 'Café Rouge',
    claimUrl,
    expiresOn: lang === 'fr' ? '20 février 2027' : 'February 20, 2027',
  });
  return { to, lang, template: 'claimLink' as const, ...content, forgetAfterSending: true };
}

function reviewerMail(lang: 'fr' | 'en', to = 'gerante@example.org') {
  const content = templates.newNomination(lang, {
    firstName: 'Amélie',
    categoryName: 'Présence',
    workplaceName: 'Café Rouge',
    reviewUrl: 'https://elan.test/manage',
  });
  return { to, lang, template: 'newNomination' as const, ...content };
}

const row = (id: string) => t.ctx.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('mail through a real SMTP server', () => {
  it('delivers a message once, in the recipient’s language, then forgets its bodies and an employee’s address', async () => {
    const smtp = await receiver();
    const m = mailer(smtp.url);
    const claimId = await enqueueMail(t.ctx.db, claimMail('en'), clock.now());
    const reviewId = await enqueueMail(t.ctx.db, reviewerMail('fr'), clock.now());

    expect(await m.deliverDue()).toBe(2);
    expect(await m.deliverDue()).toBe(0);

    expect(smtp.messages).toHaveLength(2);
    const toEmployee = smtp.messages.find((msg) => msg.rcptTo[0] === 'amelie@example.org')!;
    expect(toEmployee.subject).toBe('Amélie, a customer recognised your service');
    expect(toEmployee.headers['content-language']).toBe('en');
    expect(toEmployee.headers['auto-submitted']).toBe('auto-generated');
    expect(toEmployee.text).toContain(claimUrl);
    expect(toEmployee.html).toContain('https://elan.test/claim/tok_abc?x=1&amp;y=2');
    const toReviewer = smtp.messages.find((msg) => msg.rcptTo[0] === 'gerante@example.org')!;
    expect(toReviewer.subject).toBe('Nouvelle reconnaissance pour Amélie');
    expect(toReviewer.headers['content-language']).toBe('fr-CA');

    expect(await row(reviewId)).toMatchObject({
      status: 'sent',
      attempts: 1,
      last_error: null,
      locked_until: null,
      to_address: 'gerante@example.org',
      text_body: '',
      html_body: '',
    });
    expect((await row(reviewId)).sent_at).toBe(clock.now().toISOString());
    // The claim link and the employee's address do not outlive the sending.
    expect(await row(claimId)).toMatchObject({ status: 'sent', to_address: '', text_body: '', html_body: '', subject: toEmployee.subject });
  });

  it('never sends mail enqueued in a transaction that rolls back', async () => {
    const smtp = await receiver();
    const m = mailer(smtp.url);
    await expect(
      t.ctx.db.transaction().execute(async (trx) => {
        await enqueueMail(trx, reviewerMail('fr'), clock.now());
        throw new Error('the approval failed');
      }),
    ).rejects.toThrow('the approval failed');
    expect(await m.deliverDue()).toBe(0);
    expect(smtp.messages).toHaveLength(0);
    expect(await t.ctx.db.selectFrom('outbox').select('id').execute()).toEqual([]);
  });

  it('keeps a message while the server is down, backs off, and delivers it exactly once when the server is back', async () => {
    const port = await unusedPort();
    const url = `smtp://127.0.0.1:${port}`;
    const first = mailer(url);
    const second = mailer(url); // another process sharing the database
    const id = await enqueueMail(t.ctx.db, claimMail('fr'), clock.now());
    const start = clock.now().getTime();

    expect(await first.deliverDue()).toBe(0);
    let kept = await row(id);
    expect(kept).toMatchObject({ status: 'pending', attempts: 1, locked_until: null, to_address: 'amelie@example.org' });
    expect(kept.last_error).toMatch(/ECONNREFUSED/);
    expect(kept.next_attempt_at).toBe(new Date(start + 10_000).toISOString());

    // Not due yet: nobody tries again before the backoff has passed.
    clock.advance(9_000);
    expect(await first.deliverDue()).toBe(0);
    expect((await row(id)).attempts).toBe(1);

    clock.advance(1_000);
    expect(await second.deliverDue()).toBe(0);
    kept = await row(id);
    expect(kept).toMatchObject({ status: 'pending', attempts: 2 });
    expect(kept.next_attempt_at).toBe(new Date(start + 10_000 + 20_000).toISOString());

    const smtp = await receiver({ port, holdMs: 50 });
    expect(await first.deliverDue()).toBe(0); // the server is up, but the message waits for its time
    expect(smtp.messages).toHaveLength(0);

    clock.advance(20_000);
    // Warm the PostgreSQL pool so the four rounds below really read the queue at the same moment.
    await Promise.all([1, 2, 3, 4].map(() => t.ctx.db.selectFrom('outbox').select('id').execute()));
    const delivered = await Promise.all([first.deliverDue(), second.deliverDue(), first.deliverDue(), second.deliverDue()]);
    expect(delivered.reduce((a, b) => a + b, 0)).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.subject).toBe('Amélie, un client a souligné votre service');
    expect(smtp.messages[0]!.text).toContain(claimUrl);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 3, last_error: null, to_address: '' });

    clock.advance(3_600_000);
    expect(await first.deliverDue()).toBe(0);
    expect(smtp.messages).toHaveLength(1);
  });

  it('gives up after the last attempt but keeps the message, marked failed', async () => {
    const url = `smtp://127.0.0.1:${await unusedPort()}`;
    const { logger, entries } = recordingLogger();
    const m = mailer(url, { maxAttempts: 3, logger });
    const id = await enqueueMail(t.ctx.db, reviewerMail('en'), clock.now());
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await m.deliverDue()).toBe(0);
      clock.advance(retryDelayMs(attempt));
    }
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 3, to_address: 'gerante@example.org', text_body: '' });
    expect((await row(id)).last_error).toMatch(/ECONNREFUSED/);
    expect(entries.filter((e) => e.level === 'warn')).toHaveLength(2);
    expect(entries.filter((e) => e.level === 'error')).toHaveLength(1);
    clock.advance(86_400_000);
    expect(await m.deliverDue()).toBe(0);
    expect((await row(id)).attempts).toBe(3);
  });

  it('tries a server that is down once per round, not once per waiting message', async () => {
    const m = mailer(`smtp://127.0.0.1:${await unusedPort()}`);
    const a = await enqueueMail(t.ctx.db, reviewerMail('fr', 'a@example.org'), clock.now());
    clock.advance(1); // the older message goes first
    const b = await enqueueMail(t.ctx.db, reviewerMail('fr', 'b@example.org'), clock.now());
    expect(await m.deliverDue()).toBe(0);
    expect([(await row(a)).attempts, (await row(b)).attempts]).toEqual([1, 0]);
    expect(await m.deliverDue()).toBe(0); // the next round takes the one still due
    expect([(await row(a)).attempts, (await row(b)).attempts]).toEqual([1, 1]);
    expect((await row(b)).status).toBe('pending');
  });

  it('marks a recipient the server refuses for good as failed at once, and still sends the others', async () => {
    const smtp = await receiver({ refuse: ['nobody@example.org'] });
    const m = mailer(smtp.url);
    const refused = await enqueueMail(t.ctx.db, claimMail('fr', 'nobody@example.org'), clock.now());
    const fine = await enqueueMail(t.ctx.db, reviewerMail('fr'), clock.now());
    expect(await m.deliverDue()).toBe(1);
    const kept = await row(refused);
    expect(kept).toMatchObject({ status: 'failed', attempts: 1, to_address: '' });
    expect(kept.last_error).toMatch(/550/);
    expect(await row(fine)).toMatchObject({ status: 'sent' });
    expect(smtp.messages.map((msg) => msg.rcptTo[0])).toEqual(['gerante@example.org']);
  });

  it('sends promptly when nudged, and stop() waits for the message being sent', async () => {
    // The receiver answers DATA only when released: the message is surely in flight, however slow the machine.
    let release = () => {};
    const smtp = await receiver({ hold: new Promise<void>((resolve) => (release = resolve)) });
    const m = mailer(smtp.url);
    m.start(3_600_000); // the timer alone would wait an hour
    const id = await enqueueMail(t.ctx.db, reviewerMail('en'), clock.now());
    m.nudge();
    m.nudge(); // a second nudge during the round costs one more (empty) round, not a second sending
    await expect.poll(() => smtp.messages.length, { timeout: 30_000 }).toBe(1); // sent promptly: no hour's wait
    let stopped = false;
    const stopping = m.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false); // stop() waits while the receiver holds the DATA answer
    expect((await row(id)).status).toBe('pending');
    release();
    await stopping;
    expect((await row(id)).status).toBe('sent');
    expect(smtp.messages).toHaveLength(1);
  });
});

describe('mail without SMTP_URL', () => {
  it('writes each message to the log and keeps its record in the outbox, marked logged, without its bodies', async () => {
    const { logger, entries } = recordingLogger();
    const m = mailer(null, { logger });
    const id = await enqueueMail(t.ctx.db, reviewerMail('fr'), clock.now());
    expect(await m.deliverDue()).toBe(1);
    expect(await m.deliverDue()).toBe(0);
    const logged = entries.filter((e) => e.level === 'info');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.data).toMatchObject({ to: 'gerante@example.org', subject: 'Nouvelle reconnaissance pour Amélie' });
    expect(String(logged[0]!.data?.text)).toContain('https://elan.test/manage');
    const kept = await row(id);
    expect(kept).toMatchObject({
      status: 'logged',
      attempts: 1,
      to_address: 'gerante@example.org',
      subject: 'Nouvelle reconnaissance pour Amélie',
      text_body: '',
      html_body: '',
    });
  });
});

describe('the retry schedule', () => {
  it('waits 10 s, then twice as long each time, never more than an hour', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(9)).toBe(2_560_000);
    expect(retryDelayMs(10)).toBe(3_600_000);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });
});
