import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/lib/logger.ts';
import { createMailer, type Mailer } from '../../src/mail/mailer.ts';
import { enqueueMail } from '../../src/mail/outbox.ts';
import * as templates from '../../src/mail/templates.ts';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';
import { startSmtpReceiver } from './smtp-receiver.ts';

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

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function mailer(smtpUrl: string | null, logger: Logger = quiet): Mailer {
  const m = createMailer({
    db: t.ctx.db,
    dialect: t.ctx.dialect,
    smtpUrl,
    from: 'Élan <badges@elan.test>',
    logger,
    clock,
    perRecipient: { hashKey: t.ctx.hashKey, rule: t.ctx.config.mailRateLimit },
  });
  cleanups.push(() => m.stop());
  return m;
}

function confirmation(to: string) {
  const content = templates.nominationConfirmation('fr', { firstName: 'Zoë', withdrawUrl: 'https://elan.test/n/tok' });
  return { to, lang: 'fr' as const, template: 'nominationConfirmation' as const, ...content };
}

// The limits only catch a hang: the work is a fixed count of messages, which a busy machine takes longer to send.
async function until(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const pending = async () => (await t.ctx.db.selectFrom('outbox').select('id').where('status', '=', 'pending').execute()).length;

describe('mail after a burst of nominations', () => {
  it('sends each confirmation once when two processes are nudged by every nomination at the same time', async () => {
    const smtp = await startSmtpReceiver();
    cleanups.push(() => smtp.close());
    const first = mailer(smtp.url);
    const second = mailer(smtp.url);
    // More than one claim's worth, so the two processes' claims meet.
    const addresses = Array.from({ length: 70 }, (_, i) => `client-${i}@example.org`);
    for (const address of addresses) {
      await enqueueMail(t.ctx.db, confirmation(address), clock.now());
      first.nudge();
      second.nudge();
    }
    await until(async () => (await pending()) === 0);

    expect(smtp.messages.map((message) => message.rcptTo[0]).sort()).toEqual([...addresses].sort());
    const rows = await t.ctx.db.selectFrom('outbox').select(['status', 'attempts', 'locked_until']).execute();
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1 && row.locked_until === null)).toBe(true);
  }, 90_000);

  it('logs a batch without SMTP in one go, forgetting an employee’s address, keeping a nominator’s, and neither body', async () => {
    const logged: string[] = [];
    const m = mailer(null, { ...quiet, info: (_message, data) => void logged.push(String(data?.to)) });
    const claim = templates.claimLink('fr', {
      firstName: 'Amélie',
      categoryName: 'Présence',
      workplaceName: 'Café Rouge',
      claimUrl: 'https://elan.test/claim/x',
      expiresOn: '20 février 2027',
    });
    const employee = await enqueueMail(
      t.ctx.db,
      { to: 'amelie@example.org', lang: 'fr', template: 'claimLink', ...claim, forgetAfterSending: true },
      clock.now(),
    );
    const nominator = await enqueueMail(t.ctx.db, confirmation('luc@example.org'), clock.now());

    expect(await m.deliverDue()).toBe(2);
    expect(await m.deliverDue()).toBe(0);
    expect(logged.sort()).toEqual(['amelie@example.org', 'luc@example.org']);
    const row = (id: string) => t.ctx.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(await row(employee)).toMatchObject({
      status: 'logged',
      attempts: 1,
      to_address: '',
      text_body: '',
      html_body: '',
      locked_until: null,
    });
    // The withdraw link went to the log with the message; the outbox keeps only that it left.
    expect(await row(nominator)).toMatchObject({
      status: 'logged',
      attempts: 1,
      to_address: 'luc@example.org',
      text_body: '',
      html_body: '',
      locked_until: null,
    });
  });
});
