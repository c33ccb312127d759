import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/i18n/index.ts';
import * as templates from '../../src/mail/templates.ts';

const NAME = '<b>Zoë</b>';
const NAME_ESCAPED = '&lt;b&gt;Zoë&lt;/b&gt;';

// Every message, built with a name that is also markup, and the link it must carry (if any).
const cases: { name: templates.MailTemplate; make: (lang: Lang) => templates.MailContent; link: string | null }[] = [
  {
    name: 'newNomination',
    make: (lang) =>
      templates.newNomination(lang, {
        firstName: NAME,
        categoryName: 'Présence',
        workplaceName: 'Café <Rouge>',
        reviewUrl: 'https://elan.test/manage',
      }),
    link: 'https://elan.test/manage',
  },
  {
    name: 'managerInvite',
    make: (lang) => templates.managerInvite(lang, { workplaceName: `${NAME} & Fils`, inviteUrl: 'https://elan.test/invite/abc' }),
    link: 'https://elan.test/invite/abc',
  },
  {
    name: 'claimLink',
    make: (lang) =>
      templates.claimLink(lang, {
        firstName: NAME,
        categoryName: 'Présence',
        workplaceName: 'Café Rouge',
        claimUrl: 'https://elan.test/claim/xyz',
        expiresOn: '2027-02-20',
      }),
    link: 'https://elan.test/claim/xyz',
  },
  {
    name: 'nominationConfirmation',
    make: (lang) => templates.nominationConfirmation(lang, { firstName: NAME, withdrawUrl: 'https://elan.test/n/1/withdraw/tok' }),
    link: 'https://elan.test/n/1/withdraw/tok',
  },
  { name: 'nominationApproved', make: (lang) => templates.nominationApproved(lang, { firstName: NAME }), link: null },
  { name: 'nominationDeclined', make: (lang) => templates.nominationDeclined(lang, { firstName: NAME, sharedReason: null }), link: null },
  {
    name: 'passwordSetup',
    make: (lang) => templates.passwordSetup(lang, { setupUrl: 'https://elan.test/setup/tok', expiresOn: '2026-11-29' }),
    link: 'https://elan.test/setup/tok',
  },
  {
    name: 'passwordReset',
    make: (lang) => templates.passwordReset(lang, { resetUrl: 'https://elan.test/password-reset/tok', minutes: 30 }),
    link: 'https://elan.test/password-reset/tok',
  },
];

describe('every mail, in French and in English', () => {
  for (const { name, make, link } of cases) {
    it(`${name}: has a subject in each language, escapes names in HTML, and carries its link`, () => {
      const fr = make('fr');
      const en = make('en');
      for (const [lang, mail] of [
        ['fr', fr],
        ['en', en],
      ] as const) {
        expect(mail.subject.trim(), `${name} ${lang}`).not.toBe('');
        expect(mail.subject).not.toMatch(/[\r\n]/);
        expect(mail.text).not.toMatch(/\{\w+\}/); // every placeholder filled
        expect(mail.html).toContain(`<html lang="${lang === 'fr' ? 'fr-CA' : 'en'}">`);
        expect(mail.html).not.toContain('<b>Zoë');
        // The account messages name nobody.
        if (name !== 'passwordSetup' && name !== 'passwordReset') {
          expect(mail.html).toContain(NAME_ESCAPED);
          expect(mail.text).toContain(NAME); // plain text shows the name as typed
        }
        if (link) {
          expect(mail.text).toContain(link);
          expect(mail.html).toContain(`href="${link}"`);
        }
      }
      expect(fr.subject).not.toBe(en.subject);
      expect(fr.text).not.toBe(en.text);
    });
  }

  it('greets the nominator plainly: the name they typed is a stranger’s free text', () => {
    expect(templates.nominationApproved('fr', { firstName: 'Zoë' }).text).toMatch(/^Bonjour,/);
    expect(templates.nominationConfirmation('en', { firstName: 'Zoë', withdrawUrl: 'https://elan.test/n/1.tok' }).text).toMatch(/^Hello,/);
  });

  it('shows the reviewer’s reason for a decline only when they chose to share it, escaped', () => {
    const kept = templates.nominationDeclined('fr', { firstName: 'Zoë', sharedReason: null });
    expect(kept.text).not.toContain('Le mot de la personne');
    const shared = templates.nominationDeclined('en', { firstName: 'Zoë', sharedReason: 'Zoë works at <another> shop' });
    expect(shared.text).toContain('“Zoë works at <another> shop”');
    expect(shared.html).toContain('Zoë works at &lt;another&gt; shop');
    expect(shared.html).not.toContain('<another>');
  });

  it('tells the employee until when the claim link works', () => {
    const mail = templates.claimLink('fr', {
      firstName: 'Zoë',
      categoryName: 'Présence',
      workplaceName: 'Café Rouge',
      claimUrl: 'https://elan.test/claim/xyz',
      expiresOn: '20 février 2027',
    });
    expect(mail.text).toContain('jusqu’au 20 février 2027');
    expect(mail.text).toContain('« Présence »');
    expect(mail.text).toContain('chez Café Rouge');
  });

  it('keeps a newline in a name out of the subject line', () => {
    const mail = templates.newNomination('en', {
      firstName: 'Zoë\r\nBcc: all@example.org',
      categoryName: 'Presence',
      workplaceName: 'Café',
      reviewUrl: 'https://elan.test/manage',
    });
    expect(mail.subject).toBe('A new recognition for Zoë Bcc: all@example.org');
  });

  it('refuses to put a link other than http(s) in a mail', () => {
    expect(() => templates.managerInvite('fr', { workplaceName: 'Café', inviteUrl: 'javascript:alert(1)' })).toThrow(/http/);
  });
});
