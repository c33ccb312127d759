import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';
import { A_NOMINATION, ORIGIN } from '../helpers/journey.ts';
import { type SmtpReceiver, startSmtpReceiver } from '../mail/smtp-receiver.ts';

// The property is SQLite's (its file and write-ahead log are what a copied disk or backup holds), so
// this file runs on a SQLite file on either run of the suite.

const ADDRESS = 'camille.secret-address@example.org';
const dir = mkdtempSync(join(tmpdir(), 'elan-erased-'));
const file = join(dir, 'elan.db');
let t: TestApp;
let smtp: SmtpReceiver;
let manager: { cookie: string };

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  t = await createTestApp({ clock: testClock(), sqliteFile: file, env: { SMTP_URL: smtp.url } });
  const rouge = await t.addWorkplace('cafe-rouge');
  manager = await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Whether the database file or its write-ahead log holds these bytes anywhere, live or in free space. */
function onDisk(text: string): boolean {
  const needle = Buffer.from(text, 'utf8');
  return [file, `${file}-wal`].some((path) => existsSync(path) && readFileSync(path).includes(needle));
}

describe('an employee who erases their badge', () => {
  it('leaves no trace of their address in the SQLite file or its write-ahead log', async () => {
    expect((await sql<{ secure_delete: number }>`pragma secure_delete`.execute(t.ctx.db)).rows[0]!.secure_delete).toBe(1);

    const story = 'Elle a retrouvé mon écharpe oubliée la veille, pliée derrière le comptoir.';
    const res = await t.postJson('/api/v1/nominations', { ...A_NOMINATION, story });
    const { id } = (await res.json()) as { id: string };
    // The reviewer mails the claim link to the employee's address, and the employee claims with it.
    const approved = await t.postJson(
      `/api/v1/nominations/${id}/approve`,
      { employeeEmail: ADDRESS },
      { cookie: manager.cookie, ...ORIGIN },
    );
    const { award } = (await approved.json()) as { award: { claimUrl: string } };
    const claimed = await t.postJson(`/api/v1/claims/${award.claimUrl.split('/').pop()}`, {
      email: ADDRESS,
      publicPage: true,
      showStory: true,
      lang: 'fr',
    });
    expect(claimed.status).toBe(200);
    await expect
      .poll(
        async () => {
          await t.ctx.mailer.deliverDue();
          return smtp.messages.filter((m) => m.rcptTo[0] === ADDRESS).length;
        },
        { timeout: 30_000 },
      )
      .toBe(2);
    const sent = async () =>
      (await t.ctx.db.selectFrom('outbox').select('status').where('template', 'in', ['claimLink', 'badgeClaimed']).execute()).map(
        (row) => row.status,
      );
    await expect.poll(sent, { timeout: 30_000 }).toEqual(['sent', 'sent']);

    const mail = smtp.messages.find((m) => m.rcptTo[0] === ADDRESS && m.text.includes('/my/'))!;
    const myPage = /http:\/\/localhost:3000(\/my\/[\w-]+)/.exec(mail.text)![1]!;
    const erased = await t.postForm(`${myPage}/delete`, {});
    expect(erased.status).toBe(200);
    expect(await erased.text()).toContain('Votre badge a été supprimé.');

    // The search reads the right files: the nomination's story is still there.
    expect(onDisk(story)).toBe(true);
    expect(onDisk(ADDRESS)).toBe(false);
  });
});
