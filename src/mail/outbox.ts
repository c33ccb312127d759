import type { Kysely, Transaction } from 'kysely';
import { precompile } from '../db/connect.ts';
import type { Database, OutboxMessage } from '../db/database.ts';
import type { Lang } from '../i18n/index.ts';
import { newId } from '../lib/ids.ts';
import type { MailContent, MailTemplate } from './templates.ts';

/** A message to send: who to, in which language, which template, and its rendered content. */
export type OutgoingMail = MailContent & {
  to: string;
  lang: Lang;
  template: MailTemplate;
  /** Erase the address too once the message leaves the outbox, as its bodies always are (an address Élan must not keep). */
  forgetAfterSending?: boolean;
};

// Every nomination writes its mail: the insert is compiled once.
const storeMail = precompile<OutboxMessage, unknown>(
  {
    id: true,
    to_address: true,
    lang: true,
    template: true,
    subject: true,
    text_body: true,
    html_body: true,
    forget_after_sending: true,
    status: true,
    attempts: true,
    next_attempt_at: true,
    locked_until: true,
    last_error: true,
    created_at: true,
    sent_at: true,
  },
  (db, slots) => db.insertInto('outbox').values(slots),
);

/**
 * Puts a message in the outbox; the mailer delivers it later. Given the caller's transaction, the
 * message commits (or rolls back) with the state change it tells of. Returns the message's id.
 */
export async function enqueueMail(db: Kysely<Database> | Transaction<Database>, message: OutgoingMail, now: Date): Promise<string> {
  const id = newId(now.getTime());
  const at = now.toISOString();
  await storeMail(db, {
    id,
    to_address: message.to,
    lang: message.lang,
    template: message.template,
    subject: message.subject,
    text_body: message.text,
    html_body: message.html,
    forget_after_sending: message.forgetAfterSending ? 1 : 0,
    status: 'pending',
    attempts: 0,
    next_attempt_at: at,
    locked_until: null,
    last_error: null,
    created_at: at,
    sent_at: null,
  });
  return id;
}
