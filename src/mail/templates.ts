import { LANG_TAGS, type Lang, translator } from '../i18n/index.ts';

/** A message ready for the outbox: the subject and both bodies, in the recipient's language. */
export type MailContent = { subject: string; text: string; html: string };

/** The name of each message Élan sends, as recorded in the outbox. */
export type MailTemplate =
  | 'newNomination'
  | 'managerInvite'
  | 'claimLink'
  | 'nominationConfirmation'
  | 'nominationApproved'
  | 'nominationDeclined'
  | 'passwordSetup'
  | 'passwordReset'
  | 'badgeClaimed';

/** To a workplace's reviewers (or the admin): a nomination waits for review. */
export function newNomination(
  lang: Lang,
  p: { firstName: string; categoryName: string; workplaceName: string; reviewUrl: string },
): MailContent {
  const t = translator(lang);
  const names = { firstName: p.firstName, category: p.categoryName, workplace: p.workplaceName };
  return compose(lang, t('mail.newNomination.subject', names), [
    paragraph(t('mail.hello')),
    paragraph(t(p.workplaceName.trim() ? 'mail.newNomination.body' : 'mail.newNomination.bodyNoWorkplace', names)),
    paragraph(t('mail.newNomination.ask')),
    link(t('mail.newNomination.action'), p.reviewUrl),
    paragraph(t('mail.newNomination.next', names)),
  ]);
}

/** To a future workplace manager: the private link that sets their password. */
export function managerInvite(lang: Lang, p: { workplaceName: string; inviteUrl: string }): MailContent {
  const t = translator(lang);
  const names = { workplace: p.workplaceName };
  return compose(lang, t('mail.managerInvite.subject', names), [
    paragraph(t('mail.hello')),
    paragraph(t('mail.managerInvite.body', names)),
    paragraph(t('mail.managerInvite.how')),
    link(t('mail.managerInvite.action'), p.inviteUrl),
    paragraph(t('mail.ignore')),
  ]);
}

/** To the employee: their badge is approved, here is the private claim link and until when it works. */
export function claimLink(
  lang: Lang,
  p: { firstName: string; categoryName: string; workplaceName: string; claimUrl: string; expiresOn: string },
): MailContent {
  const t = translator(lang);
  const names = { firstName: p.firstName, category: p.categoryName, workplace: p.workplaceName, date: p.expiresOn };
  return compose(lang, t('mail.claimLink.subject', names), [
    paragraph(t('mail.helloName', { name: p.firstName })),
    paragraph(t(p.workplaceName.trim() ? 'mail.claimLink.body' : 'mail.claimLink.bodyNoWorkplace', names)),
    paragraph(t('mail.claimLink.how')),
    link(t('mail.claimLink.action'), p.claimUrl),
    paragraph(t('mail.claimLink.expires', names)),
    paragraph(t('mail.claimLink.privacy')),
  ]);
}

/** To the employee after claiming: where the badge lives, and the private link to find or delete it. */
export function badgeClaimed(lang: Lang, p: { firstName: string; categoryName: string; manageUrl: string }): MailContent {
  const t = translator(lang);
  const names = { firstName: p.firstName, category: p.categoryName };
  return compose(lang, t('mail.badgeClaimed.subject', names), [
    paragraph(t('mail.helloName', { name: p.firstName })),
    paragraph(t('mail.badgeClaimed.body', names)),
    link(t('mail.badgeClaimed.action'), p.manageUrl),
    paragraph(t('mail.badgeClaimed.delete')),
  ]);
}

// The nominator's mail greets them plainly: the name they typed is anyone's free text, and the
// address beside it anyone's too, so greeting by it would let a stranger write to that address in
// Élan's name ("URGENT verify your bank at …").

/** To the nominator who left an email: thanks, what happens next, and the private link to see or withdraw. */
export function nominationConfirmation(lang: Lang, p: { firstName: string; withdrawUrl: string }): MailContent {
  const t = translator(lang);
  const names = { firstName: p.firstName };
  return compose(lang, t('mail.nominationConfirmation.subject', names), [
    paragraph(t('mail.hello')),
    paragraph(t('mail.nominationConfirmation.body', names)),
    paragraph(t('mail.nominationConfirmation.next', names)),
    paragraph(t('mail.nominationConfirmation.withdraw')),
    link(t('mail.nominationConfirmation.action'), p.withdrawUrl),
    paragraph(t('mail.nominationConfirmation.private')),
  ]);
}

/** To the nominator: the nomination became a badge. */
export function nominationApproved(lang: Lang, p: { firstName: string }): MailContent {
  const t = translator(lang);
  const names = { firstName: p.firstName };
  return compose(lang, t('mail.nominationApproved.subject', names), [
    paragraph(t('mail.hello')),
    paragraph(t('mail.nominationApproved.body', names)),
    paragraph(t('mail.nominationApproved.next', names)),
  ]);
}

/** To the nominator: a kind word that it was not retained; the reviewer's reason only when they chose to share it. */
export function nominationDeclined(lang: Lang, p: { firstName: string; sharedReason: string | null }): MailContent {
  const t = translator(lang);
  const names = { firstName: p.firstName };
  const reason = p.sharedReason?.trim();
  return compose(lang, t('mail.nominationDeclined.subject', names), [
    paragraph(t('mail.hello')),
    paragraph(t('mail.nominationDeclined.body', names)),
    ...(reason ? [paragraph(t('mail.nominationDeclined.reason', { reason }))] : []),
    paragraph(t('mail.nominationDeclined.next')),
  ]);
}

/** To the person installing Élan: the one-time link that creates the first admin account. */
export function passwordSetup(lang: Lang, p: { setupUrl: string; expiresOn: string }): MailContent {
  const t = translator(lang);
  return compose(lang, t('mail.passwordSetup.subject'), [
    paragraph(t('mail.hello')),
    paragraph(t('mail.passwordSetup.body')),
    link(t('mail.passwordSetup.action'), p.setupUrl),
    paragraph(t('mail.passwordSetup.expires', { date: p.expiresOn })),
    paragraph(t('mail.ignore')),
  ]);
}

/** To an account's address: the one-time link that sets a new password, and for how long it works. */
export function passwordReset(lang: Lang, p: { resetUrl: string; minutes: number }): MailContent {
  const t = translator(lang);
  return compose(lang, t('passwords.mail.subject'), [
    paragraph(t('mail.hello')),
    paragraph(t('passwords.mail.body')),
    link(t('passwords.mail.action'), p.resetUrl),
    paragraph(t('passwords.mail.expires', { minutes: p.minutes })),
    paragraph(t('passwords.mail.ignore')),
  ]);
}

type Block = { kind: 'paragraph'; text: string } | { kind: 'link'; label: string; url: string };

const paragraph = (text: string): Block => ({ kind: 'paragraph', text });

function link(label: string, url: string): Block {
  // Every link is one Élan built; refusing anything else keeps a `javascript:` URL out of an href.
  if (!/^https?:\/\//i.test(url)) throw new Error(`mail link must be http(s): ${url}`);
  return { kind: 'link', label, url };
}

/** Lays the blocks out twice: plain text, and simple inline-styled HTML (mail clients ignore style sheets). */
function compose(lang: Lang, subject: string, blocks: Block[]): MailContent {
  const t = translator(lang);
  // A subject is one header line: a newline in a name must not start another header.
  const oneLineSubject = subject.replace(/\s+/g, ' ').trim();
  const signature = t('mail.signature');
  const footer = t('mail.footer');

  const text = [...blocks.map((b) => (b.kind === 'paragraph' ? b.text : `${b.label}\n${b.url}`)), signature, `-- \n${footer}`].join('\n\n');

  const body = blocks
    .map((b) => {
      if (b.kind === 'paragraph') return `<p style="margin:0 0 16px">${escapeHtml(b.text).replace(/\n/g, '<br>')}</p>`;
      const href = escapeHtml(b.url);
      return (
        `<p style="margin:24px 0 8px"><a href="${href}" style="display:inline-block;background:#9f1239;color:#ffffff;padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:600">${escapeHtml(b.label)}</a></p>` +
        `<p style="margin:0 0 24px;font-size:13px;color:#57534e">${escapeHtml(t('mail.linkFallback'))}<br><a href="${href}" style="color:#57534e;word-break:break-all">${href}</a></p>`
      );
    })
    .join('\n');

  const html = `<!doctype html>
<html lang="${LANG_TAGS[lang]}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(oneLineSubject)}</title></head>
<body style="margin:0;padding:24px 12px;background:#fffdf8">
<div style="max-width:560px;margin:0 auto;padding:24px;background:#ffffff;border:1px solid #d6d3d1;border-radius:12px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;line-height:1.5;color:#1c1917">
${body}
<p style="margin:0">${escapeHtml(signature)}</p>
</div>
<p style="max-width:560px;margin:16px auto 0;font-family:system-ui,sans-serif;font-size:12px;color:#57534e;text-align:center">${escapeHtml(footer)}</p>
</body>
</html>
`;
  return { subject: oneLineSubject, text, html };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}
