import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/auth-service.ts';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';
import { type ReceivedMail, type SmtpReceiver, startSmtpReceiver } from '../mail/smtp-receiver.ts';

// A manager who forgot their password asks for a link at /password-reset; Élan mails it through the
// outbox to a real SMTP server, and the test reads the link out of the mail as the manager would.

const clock = testClock('2026-11-22T15:00:00.000Z');
let smtp: SmtpReceiver;
let t: TestApp;
const MANAGER = 'gerante@example.org';
let managerId: string;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  t = await createTestApp({ clock, env: { SMTP_URL: smtp.url } });
  managerId = (await t.signedIn('manager', MANAGER)).id;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

// The limit only catches a hang: the mail leaves after the answer, and a busy machine takes longer to send it.
async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const mailsTo = (address: string) => smtp.messages.filter((message) => message.rcptTo.includes(address));

/** Waits for the `nth` mail to an address (1 for the first) and returns it. */
async function nthMailTo(address: string, nth: number): Promise<ReceivedMail> {
  await until(() => mailsTo(address).length >= nth);
  return mailsTo(address)[nth - 1]!;
}

/** The path of the reset link a mail carries. */
function linkIn(mail: ReceivedMail): string {
  const url = /http:\/\/localhost:3000\/password-reset\/[\w-]+/.exec(mail.text)?.[0];
  expect(url, 'a reset link in the mail').toBeDefined();
  return new URL(url!).pathname;
}

const askReset = (email: string, lang: 'fr' | 'en') => t.postForm('/password-reset', { email }, { 'accept-language': lang });
const page = (path: string, lang: 'fr' | 'en') => t.app.request(path, { headers: { accept: 'text/html', 'accept-language': lang } });
const choose = (path: string, password: string, lang: 'fr' | 'en') => t.postForm(path, { password }, { 'accept-language': lang });
const opens = async (cookie: string) => (await t.app.request('/api/v1/tokens', { headers: { cookie } })).status === 200;
const signInStatus = async (password: string) => (await t.postForm('/login', { email: MANAGER, password })).status;
const sessionOf = (res: Response) => /elan_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];

describe('a manager who forgot their password', () => {
  it('finds the way from the sign-in page, in both languages', async () => {
    expect(await (await page('/login', 'en')).text()).toContain('<a href="/password-reset">Forgot your password?</a>');
    expect(await (await page('/login', 'fr')).text()).toContain('<a href="/password-reset">Mot de passe oublié?</a>');
  });

  it('gets a link by mail in English, chooses a new password through it, and every old session ends', async () => {
    const laptop = `elan_session=${await createSession(t.ctx, managerId)}`;
    const phone = `elan_session=${await createSession(t.ctx, managerId)}`;

    const asked = await askReset(MANAGER, 'en');
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain(`If an Élan account uses ${MANAGER}, a link to choose a new password is on its way there.`);

    const mail = await nthMailTo(MANAGER, 1);
    expect(mail.subject).toBe('Choose a new Élan password');
    expect(mail.headers['content-language']).toBe('en');
    expect(mail.text).toContain('The link works for 30 minutes and only once.');
    const link = linkIn(mail);
    const token = link.split('/').pop()!;
    const stored = await t.ctx.db.selectFrom('password_resets').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);

    const form = await page(link, 'en');
    expect(form.status).toBe(200);
    expect(form.headers.get('cache-control')).toBe('no-store');
    const html = await form.text();
    expect(html).toContain('Choose a new password');
    expect(html).toContain(MANAGER);
    expect(html).toContain('name="password"');

    const tooShort = await choose(link, 'short', 'en');
    expect(tooShort.status).toBe(400);
    expect(await tooShort.text()).toContain('The password must be between 10 and 200 characters.');
    expect(await opens(laptop)).toBe(true);

    const chosen = await choose(link, 'a brand new secret', 'en');
    expect(chosen.status).toBe(303);
    expect(chosen.headers.get('location')).toBe('/manage');
    const fresh = `elan_session=${sessionOf(chosen)}`;
    expect(await opens(fresh)).toBe(true);
    expect(await opens(laptop)).toBe(false);
    expect(await opens(phone)).toBe(false);
    expect(await signInStatus('correct horse battery')).toBe(401);
    expect(await signInStatus('a brand new secret')).toBe(303);

    // The link served once: the second time it offers a new one, and changes nothing.
    const again = await choose(link, 'someone else’s pick', 'en');
    expect(again.status).toBe(410);
    const refused = await again.text();
    expect(refused).toContain('This link has already been used, or was replaced. Ask for a new one below.');
    expect(refused).toContain('action="/password-reset"');
    expect((await page(link, 'en')).status).toBe(410);
    expect(await signInStatus('a brand new secret')).toBe(303);
  });

  it('gets it in French too, and after 30 minutes the link is refused', async () => {
    expect((await askReset(MANAGER, 'fr')).status).toBe(200);
    const mail = await nthMailTo(MANAGER, 2);
    expect(mail.subject).toBe('Choisir un nouveau mot de passe Élan');
    expect(mail.headers['content-language']).toBe('fr-CA');
    const link = linkIn(mail);

    clock.advance(29 * 60_000);
    expect((await page(link, 'fr')).status).toBe(200);
    clock.advance(60_000);
    const expired = await page(link, 'fr');
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('Ce lien a expiré. Demandez-en un nouveau ci-dessous.');
    expect((await choose(link, 'too late a password', 'fr')).status).toBe(410);
    expect(await signInStatus('a brand new secret')).toBe(303);
  });

  it('is told a made-up link does not exist, in their language, with a form for a new one', async () => {
    const res = await page('/password-reset/not-a-link-ever-sent', 'fr');
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('Ce lien de réinitialisation n’existe pas. Demandez-en un nouveau ci-dessous.');
    expect(html).toContain('action="/password-reset"');
    expect((await choose('/password-reset/not-a-link-ever-sent', 'a brand new secret', 'en')).status).toBe(404);
  });

  it('is asked again, in their language, for an address that is not one', async () => {
    const res = await askReset('not an address', 'en');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Enter a valid email.');
    expect(html).toContain('value="not an address"');
  });
});

describe('someone asking for an address with no account', () => {
  it('gets the very same page, and no mail leaves for it', async () => {
    const before = await t.countRows('password_resets');
    const known = await askReset(MANAGER, 'en');
    const unknown = await askReset('nobody@example.org', 'en');
    expect(unknown.status).toBe(known.status);
    expect((await unknown.text()).replaceAll('nobody@example.org', '<address>')).toBe(
      (await known.text()).replaceAll(MANAGER, '<address>'),
    );

    await nthMailTo(MANAGER, 3);
    expect(mailsTo('nobody@example.org')).toEqual([]);
    expect(await t.countRows('password_resets')).toBe(before + 1);
  });
});

describe('someone asking for a disabled account', () => {
  it('gets the same page as for any address, and no link is made or mailed', async () => {
    const disabled = await t.signedIn('manager', 'ancien@example.org');
    await t.ctx.db.updateTable('users').set({ disabled_at: clock.now().toISOString() }).where('id', '=', disabled.id).execute();
    const before = await t.countRows('password_resets');
    const asked = await askReset('ancien@example.org', 'en');
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain(
      'If an Élan account uses ancien@example.org, a link to choose a new password is on its way there.',
    );
    expect(await t.countRows('password_resets')).toBe(before);
    // The mailer has nothing for it: a later mail to someone else arrives, and none to the disabled address.
    await t.signedIn('manager', 'presente@example.org');
    expect((await askReset('presente@example.org', 'en')).status).toBe(200);
    await nthMailTo('presente@example.org', 1);
    expect(mailsTo('ancien@example.org')).toEqual([]);
  });
});

describe('asking for links again and again', () => {
  const statuses = async (emails: string[]) => {
    const got: number[] = [];
    for (const email of emails) got.push((await askReset(email, 'fr')).status);
    return got;
  };

  it('is limited to three an hour to one address, the same whether or not it has an account', async () => {
    clock.set('2026-11-22T17:00:00.000Z');
    expect(await statuses([MANAGER, MANAGER, MANAGER])).toEqual([200, 200, 200]);
    const refused = await askReset(MANAGER, 'fr');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3600');
    expect(await refused.text()).toContain('Trop de demandes de lien pour le moment. Réessayez plus tard.');
    expect(await statuses(Array(4).fill('personne@example.org'))).toEqual([200, 200, 200, 429]);
  });

  it('is limited to ten an hour from one client, whatever the addresses', async () => {
    clock.set('2026-11-22T18:00:00.000Z');
    const addresses = Array.from({ length: 11 }, (_, i) => `someone-${i}@example.org`);
    expect(await statuses(addresses)).toEqual([...Array(10).fill(200), 429]);
  });
});
