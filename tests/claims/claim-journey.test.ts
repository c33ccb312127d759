import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recipientKey } from '../../src/awards/recipient-key.ts';
import { hashEmail } from '../../src/credentials/ob3/credential.ts';
import { readChunks, unbakePng } from '../../src/credentials/png-chunks.ts';
import { createTestApp, type TestApp, testClock } from '../helpers/app.ts';
import { approvedAward, claim, ORIGIN } from '../helpers/journey.ts';

const clock = testClock('2026-11-22T15:00:00.000Z');
let t: TestApp;
let manager: { cookie: string };

beforeAll(async () => {
  t = await createTestApp({ clock });
  const rouge = await t.addWorkplace('cafe-rouge', 'Café Rouge', 'Montréal');
  manager = await t.signedIn('manager', 'marie@cafe-rouge.example', [rouge.id]);
});
afterAll(() => t.close());

type ClaimAnswer = {
  award: {
    id: string;
    pageUrl: string;
    badgePngUrl: string;
    shareCardUrl: string;
    ob2AssertionUrl: string;
    ob3CredentialUrl: string;
    linkedInAddUrl: string;
  };
};
const path = (url: string) => new URL(url).pathname + new URL(url).search;

describe('an employee claims the badge a customer gave them', () => {
  it('goes from nomination to a verified badge, and a revoked one', async () => {
    const { token, claimPath, awardId } = await approvedAward(t, manager);

    const page = await t.app.request(claimPath);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Votre badge vous attend, Zoë');
    expect(html).toContain('Elle a pris le temps');
    expect(html).toContain('De la part de Luc');
    expect(html).not.toContain('Tremblay');
    expect(html).not.toContain('luc@example.org');

    const res = await claim(t, token, { lang: 'en' });
    expect(res.status).toBe(200);
    const { award } = (await res.json()) as ClaimAnswer;
    expect(award.id).toBe(awardId);
    expect(award.pageUrl).toBe(`http://localhost:3000/b/${awardId}`);

    // Claiming twice is refused, with a clear message.
    const again = await claim(t, token);
    expect(again.status).toBe(410);
    expect(((await again.json()) as any).error.code).toBe('claim_used');

    // The baked PNG carries both credentials and downloads under a good name.
    const png = await t.app.request(path(award.badgePngUrl));
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('content-disposition')).toBe('attachment; filename="elan-presence-zoe.png"');
    const bytes = new Uint8Array(await png.arrayBuffer());
    const baked = unbakePng(bytes);
    const assertion = JSON.parse(baked.openbadges!);
    expect(assertion.id).toBe(award.ob2AssertionUrl);
    expect(JSON.parse(baked.openbadgecredential!).type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(readChunks(bytes).at(-1)!.type).toBe('IEND');

    // A visitor uploads it to /verify and reads "valid", check by check.
    const verify = async () => {
      const form = new FormData();
      form.append('file', new File([bytes], 'badge.png', { type: 'image/png' }));
      const answer = await t.app.request('/api/v1/verify', { method: 'POST', body: form, headers: { 'accept-language': 'en' } });
      expect(answer.status).toBe(200);
      return (await answer.json()) as {
        valid: boolean;
        format: string;
        revoked: boolean;
        checks: { name: string; ok: boolean; message: string }[];
      };
    };
    const first = await verify();
    expect(first.checks.filter((c) => !c.ok)).toEqual([]);
    expect(first).toMatchObject({ valid: true, format: 'ob3', revoked: false });
    expect(first.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['found', 'hosted', 'matches', 'badgeClass', 'recipient', 'revoked', 'expiry', 'ob3.proof', 'ob3.status']),
    );

    // The verifier may check the holder's email: the hash matches the one claimed, in any letter case.
    const withEmail = await t.postJson('/api/v1/verify', { url: award.ob2AssertionUrl, email: 'zoe.martin@example.org' });
    expect(((await withEmail.json()) as any).checks.find((c: any) => c.name === 'recipientEmail').ok).toBe(true);
    const wrongEmail = await t.postJson('/api/v1/verify', { url: award.ob2AssertionUrl, email: 'someone@example.org' });
    expect(((await wrongEmail.json()) as any).valid).toBe(false);

    // The manager revokes; the hosted assertion says so, and /verify says revoked for both credentials.
    const revoke = await t.app.request(`/api/v1/awards/${awardId}/revoke`, {
      method: 'POST',
      headers: { cookie: manager.cookie, 'content-type': 'application/json', ...ORIGIN },
      body: JSON.stringify({ reason: 'Awarded to the wrong person' }),
    });
    expect(revoke.status).toBe(200);
    const hosted = await (await t.app.request(path(award.ob2AssertionUrl))).json();
    expect(hosted).toMatchObject({ id: award.ob2AssertionUrl, revoked: true, revocationReason: 'Awarded to the wrong person' });
    const second = await verify();
    expect(second.valid).toBe(false);
    expect(second.revoked).toBe(true);
    expect(second.checks.find((c) => c.name === 'ob3.status')?.ok).toBe(false);
    expect(second.checks.find((c) => c.name === 'revoked')?.message).toContain('Awarded to the wrong person');

    // The public page now says only that the badge was withdrawn.
    const pageAfter = await t.app.request(`/b/${awardId}`);
    expect(pageAfter.status).toBe(410);
    const afterHtml = await pageAfter.text();
    expect(afterHtml).toContain('Ce badge a été retiré.');
    expect(afterHtml).not.toContain('Zoë');
  });

  it('sees a tampered badge called tampered', async () => {
    const { token } = await approvedAward(t, manager);
    const { award } = (await (await claim(t, token)).json()) as ClaimAnswer;
    const assertion = await (await t.app.request(path(award.ob2AssertionUrl))).json();
    const forged = { ...(assertion as object), issuedOn: '2020-01-01T00:00:00.000Z' };
    const res = await t.postJson('/api/v1/verify', { credential: forged });
    const body = (await res.json()) as { valid: boolean; verdict: string };
    expect(body).toMatchObject({ valid: false, verdict: 'tampered' });
    const credential = await (await t.app.request(path(award.ob3CredentialUrl))).json();
    const forged3 = { ...(credential as object), name: 'Employee of the year' };
    const res3 = await t.postJson('/api/v1/verify', { credential: forged3 });
    expect(((await res3.json()) as any).verdict).toBe('tampered');
  });

  it('gets a clear page for a used, expired or unknown link', async () => {
    const unknown = await t.app.request('/claim/nope', { headers: { accept: 'text/html' } });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Ce lien de réclamation n’existe pas.');
    const { claimPath } = await approvedAward(t, manager);
    clock.advance(91 * 86_400_000);
    const expired = await t.app.request(claimPath, { headers: { 'accept-language': 'en' } });
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This link has expired.');
    clock.set('2026-11-22T15:00:00.000Z');
  });

  it('claims from the page form and gets the share kit', async () => {
    const { claimPath } = await approvedAward(t, manager);
    const bad = await t.postForm(claimPath, { email: 'not-an-email', lang: 'fr', publicPage: 'on' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Entrez un courriel valide');
    const res = await t.postForm(claimPath, { email: 'zoe@example.org', lang: 'fr', publicPage: 'on', showStory: 'on' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Félicitations, Zoë!');
    expect(html).toContain('linkedin.com/profile/add?startTask=CERTIFICATION_NAME');
    expect(html).toContain('Télécharger le badge');
  });
});

describe('the public badge page and the LinkedIn link', () => {
  it('shows the badge, the story when both allowed it, and Open Graph tags pointing at the share card', async () => {
    const { token, awardId } = await approvedAward(t, manager);
    const { award } = (await (await claim(t, token, { lang: 'fr', showStory: true })).json()) as ClaimAnswer;
    const html = await (await t.app.request(`/b/${awardId}`)).text();
    expect(html).toContain('<h1>Zoë</h1>');
    expect(html).toContain('Elle a pris le temps');
    expect(html).toContain(`<meta property="og:image" content="http://localhost:3000/b/${awardId}/card.png"/>`);
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image"/>');
    expect(html).toContain('Badge vérifié');
    const linkedIn = new URL(award.linkedInAddUrl);
    expect(Object.fromEntries(linkedIn.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'Présence',
      organizationName: 'Élan',
      issueYear: '2026',
      issueMonth: '11',
      certUrl: `http://localhost:3000/b/${awardId}`,
      certId: awardId,
    });
  });

  it('says only that a badge exists and is valid when the employee wanted no public page', async () => {
    const { token, awardId } = await approvedAward(t, manager);
    await claim(t, token, { publicPage: false });
    const html = await (await t.app.request(`/b/${awardId}`)).text();
    expect(html).toContain('Ce badge existe et il est valide.');
    expect(html).not.toContain('Zoë');
    expect(html).not.toContain('Elle a pris le temps');
    expect(html).not.toContain('og:image');
  });

  it('keeps the story off the public page when the nominator did not allow it, whatever the employee chose', async () => {
    const { token, awardId } = await approvedAward(t, manager, {
      publicStoryConsent: false,
      story: 'A private story that must stay private, always.',
    });
    await claim(t, token, { showStory: true });
    const html = await (await t.app.request(`/b/${awardId}`)).text();
    expect(html).toContain('<h1>Zoë</h1>');
    expect(html).not.toContain('A private story');
    const assertion = JSON.stringify(await (await t.app.request(`/ob2/assertions/${awardId}`)).json());
    expect(assertion).not.toContain('A private story');
  });

  it('never puts the plain email in a public document', async () => {
    const { token, awardId } = await approvedAward(t, manager);
    await claim(t, token, { email: 'Private.Person@Example.org' });
    for (const url of [`/b/${awardId}`, `/ob2/assertions/${awardId}`, `/ob3/credentials/${awardId}`, `/b/${awardId}/credential.json`]) {
      const body = await (await t.app.request(url)).text();
      expect(body.toLowerCase(), url).not.toContain('private.person@example.org');
    }
    const row = await t.ctx.db.selectFrom('awards').selectAll().where('id', '=', awardId).executeTakeFirstOrThrow();
    expect(JSON.stringify(row).toLowerCase()).not.toContain('private.person@example.org');
    expect(row.recipient_identity).toBe(hashEmail('private.person@example.org', row.recipient_salt!));
    // The employee's space finds the badge by a keyed hash of the normalised address, the same however it was typed.
    expect(row.recipient_key).toBe(recipientKey(t.ctx.hashKey, ' private.PERSON@example.org '));
  });

  it('lets the employee delete their badge from the link in their mail', async () => {
    const { token, awardId } = await approvedAward(t, manager);
    await claim(t, token);
    const mail = await t.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('template', '=', 'badgeClaimed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    // The mail leaves with the link; once sent (logged here, without SMTP) the outbox forgets address and body.
    // The claim woke the mailer itself: this round or that one sends it, whichever claims it first.
    await t.ctx.mailer.deliverDue();
    const sentTo = async () =>
      (await t.ctx.db.selectFrom('outbox').select('to_address').where('id', '=', mail.id).executeTakeFirstOrThrow()).to_address;
    await expect.poll(sentTo).not.toContain('@');
    const manageUrl = /http:\/\/localhost:3000(\/my\/[\w-]+)/.exec(mail.text_body)![1]!;
    expect((await t.app.request(manageUrl)).status).toBe(200);
    const deleted = await t.postForm(`${manageUrl}/delete`, {});
    expect(await deleted.text()).toContain('Votre badge a été supprimé.');
    expect((await t.app.request(`/b/${awardId}`)).status).toBe(410);
    expect(await (await t.app.request(`/ob2/assertions/${awardId}`)).json()).toMatchObject({ revoked: true });
    expect((await t.app.request(`/b/${awardId}/badge.png`)).status).toBe(404);
    // Erased means no longer found in anyone's space either.
    const row = await t.ctx.db.selectFrom('awards').select('recipient_key').where('id', '=', awardId).executeTakeFirstOrThrow();
    expect(row.recipient_key).toBeNull();
  });
});
