import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { A_NOMINATION } from '../helpers/journey.ts';
import { type SmtpReceiver, startSmtpReceiver } from '../mail/smtp-receiver.ts';

// The trainer invites a second manager to a café by mail, then takes the café from her again: from that moment her
// session reaches nothing, and the news of the café's next nomination goes to the manager who stayed, not to her.
// The mail goes through the outbox to a real SMTP server.

let smtp: SmtpReceiver;
let t: TestApp;
let admin: { cookie: string };

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  t = await createTestApp({ env: { SMTP_URL: smtp.url } });
  const rouge = await t.addWorkplace('cafe-rouge');
  admin = await t.signedIn('admin', 'trainer@example.org');
  await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const ORIGIN = { origin: 'http://localhost:3000' };
const api = (path: string, cookie: string, init: RequestInit = {}) =>
  t.app.request(path, { ...init, headers: { cookie, 'content-type': 'application/json', ...ORIGIN, ...init.headers } });
const mailsTo = (address: string) => smtp.messages.filter((message) => message.rcptTo.includes(address));

describe('a manager removed from a workplace', () => {
  it('joins by the mailed invite, is removed, reaches nothing more, and is no longer told of nominations', async () => {
    const invited = await api('/api/v1/workplaces/cafe-rouge/managers', admin.cookie, {
      method: 'POST',
      body: JSON.stringify({ email: 'lea@cafe-rouge.example' }),
    });
    expect(invited.status).toBe(201);
    await expect.poll(() => mailsTo('lea@cafe-rouge.example').length, { timeout: 30_000 }).toBe(1);
    const link = /http:\/\/localhost:3000\/invite\/[\w-]+/.exec(mailsTo('lea@cafe-rouge.example')[0]!.text)?.[0];
    expect(link, 'an invite link in the mail').toBeDefined();
    const accepted = await t.postForm(new URL(link!).pathname, { password: 'un café bien serré' });
    expect(accepted.status).toBe(303);
    const lea = /elan_session=[^;]+/.exec(accepted.headers.get('set-cookie') ?? '')![0];
    expect((await api('/api/v1/workplaces/cafe-rouge/managers', lea)).status).toBe(200);

    const { managers } = (await (await api('/api/v1/workplaces/cafe-rouge/managers', admin.cookie)).json()) as {
      managers: { id: string; email: string }[];
    };
    expect(managers.map((m) => m.email).sort()).toEqual(['lea@cafe-rouge.example', 'marie@cafe-rouge.example']);
    const leaId = managers.find((m) => m.email === 'lea@cafe-rouge.example')!.id;
    expect((await api(`/api/v1/workplaces/cafe-rouge/managers/${leaId}`, admin.cookie, { method: 'DELETE' })).status).toBe(204);

    // Her last workplace: her session has ended.
    expect((await api('/api/v1/workplaces/cafe-rouge/managers', lea)).status).toBe(401);
    expect((await api('/api/v1/nominations?status=submitted', lea)).status).toBe(401);

    const nominated = await t.postJson('/api/v1/nominations', { ...A_NOMINATION, staffFirstName: 'Noémie' });
    expect(nominated.status).toBe(201);
    const toldOfNoemie = () => smtp.messages.filter((message) => message.subject.includes('Noémie')).flatMap((m) => m.rcptTo);
    await expect.poll(toldOfNoemie, { timeout: 30_000 }).toContain('marie@cafe-rouge.example');
    expect(toldOfNoemie()).not.toContain('lea@cafe-rouge.example');
    expect(mailsTo('lea@cafe-rouge.example')).toHaveLength(1);
  });
});
