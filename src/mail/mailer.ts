import type { ExpressionBuilder, Kysely } from 'kysely';
import { createTransport } from 'nodemailer';
import type { Dialect } from '../db/connect.ts';
import type { Database, Db, OutboxMessage } from '../db/database.ts';
import { isLang, LANG_TAGS } from '../i18n/index.ts';
import type { Clock } from '../lib/clock.ts';
import { keyedHash } from '../lib/ids.ts';
import type { Logger } from '../lib/logger.ts';
import { hitRateLimit, type RateLimitRule } from '../rate-limit/rate-limit.ts';
import { enqueueMail, type OutgoingMail } from './outbox.ts';
import type { MailTemplate } from './templates.ts';

export type MailerOptions = {
  db: Kysely<Database>;
  /** How the claim is written (see claimBatch). */
  dialect: Dialect;
  /** `smtp://…` or `smtps://…`; null writes each message to the log instead of sending it. */
  smtpUrl: string | null;
  from: string;
  logger: Logger;
  clock: Clock;
  /** Failed attempts after which a message is marked failed (kept, never deleted). */
  maxAttempts?: number;
  /** The cap on mail to any one address, counted under a keyed hash of it (MAIL_RATE_LIMIT). */
  perRecipient: { hashKey: string; rule: RateLimitRule };
};

export type Mailer = {
  /**
   * Puts a message in the outbox and asks for a delivery round. Given the caller's transaction, the
   * message commits (or rolls back) with the state change it tells of. Returns the message's id.
   */
  enqueue: (db: Db, message: OutgoingMail) => Promise<string>;
  /** Sends (or logs) every message that is due; returns how many left the outbox as sent or logged. */
  deliverDue: () => Promise<number>;
  /** Asks for a delivery round soon (a burst of nudges shares one), without waiting for it; enqueue calls it. */
  nudge: () => void;
  /** Delivers due mail every `intervalMs` on a timer that does not keep the process alive. */
  start: (intervalMs?: number) => void;
  /** Stops the timer and waits for the round in progress. */
  stop: () => Promise<void>;
};

const FIRST_RETRY_MS = 10_000;
const MAX_RETRY_MS = 3_600_000;
const DEFAULT_MAX_ATTEMPTS = 20;
// Messages claimed (and, when logged, marked) by one statement each.
const BATCH_SIZE = 50;
// Bounds one round so a long queue cannot hold up `stop()`; the next tick takes the rest.
const MAX_BATCHES_PER_ROUND = 10;
// Nominations come in bursts: a round waits this long after the first nudge, so the burst shares
// one claim and one mark instead of paying for a round each. Short beside any mail's journey.
const NUDGE_DELAY_MS = 25;
// A claim outlives any send: the SMTP timeouts below add up to 90 s, and no send starts later
// than SEND_MARGIN_MS before the claim runs out. If the process dies mid-batch, another one
// retries the unmarked messages once the claim expires.
const LOCK_MS = 10 * 60_000;
const SEND_MARGIN_MS = 2 * 60_000;
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };
// A workplace's reviewers are told of every nomination: theirs is an account's address, which no
// stranger typed, and a busy counter must not silence them. Every other message counts.
const UNCAPPED: ReadonlySet<string> = new Set<MailTemplate>(['newNomination']);

/** The wait before the next attempt after `attempts` failures: 10 s, doubling each time, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

type Outcome = 'delivered' | 'retry' | 'failed' | 'unreachable';

/** Oldest due first, as the queue is read; ties in id order. */
function byDueTime(a: OutboxMessage, b: OutboxMessage): number {
  if (a.next_attempt_at !== b.next_attempt_at) return a.next_attempt_at < b.next_attempt_at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Builds the mailer over the outbox table: SMTP when `smtpUrl` is set, the log otherwise. */
export function createMailer(options: MailerOptions): Mailer {
  const { db, logger, clock } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  // The URL's own parameters (`?ignoreTLS=true`, `?tls.rejectUnauthorized=false`) override these defaults.
  const transport = options.smtpUrl
    ? createTransport({ url: options.smtpUrl, ...SMTP_TIMEOUTS, disableFileAccess: true, disableUrlAccess: true }, { from: options.from })
    : null;

  async function send(message: OutboxMessage): Promise<void> {
    if (!transport) {
      logger.info('mail logged, not sent (no SMTP_URL)', { to: message.to_address, subject: message.subject, text: message.text_body });
      return;
    }
    await transport.sendMail({
      to: message.to_address,
      subject: message.subject,
      text: message.text_body,
      html: message.html_body,
      headers: {
        // RFC 3834: tells vacation responders not to answer a machine.
        'Auto-Submitted': 'auto-generated',
        'Content-Language': isLang(message.lang) ? LANG_TAGS[message.lang] : message.lang,
      },
    });
  }

  /**
   * Claims up to BATCH_SIZE due messages, oldest first, in one statement. Only messages still
   * pending, due and unclaimed are taken. On PostgreSQL the conditions are repeated outside the
   * subquery, so that a row another process claimed meanwhile is checked again and skipped (at
   * most one claim wins each message). SQLite runs the statement holding the write lock from its
   * first read, so nothing changes in between; there the repeated conditions would only lead its
   * planner to read every pending message through the due index instead of the few ids the subquery chose.
   */
  async function claimBatch(claimedAt: Date): Promise<OutboxMessage[]> {
    const nowIso = claimedAt.toISOString();
    const due = (eb: ExpressionBuilder<Database, 'outbox'>) =>
      eb.and([
        eb('status', '=', 'pending'),
        eb('next_attempt_at', '<=', nowIso),
        eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]),
      ]);
    const claimed = await db
      .updateTable('outbox')
      .set({ locked_until: new Date(claimedAt.getTime() + LOCK_MS).toISOString() })
      .where('id', 'in', (eb) => eb.selectFrom('outbox').select('id').where(due).orderBy('next_attempt_at').orderBy('id').limit(BATCH_SIZE))
      .$if(options.dialect === 'postgres', (q) => q.where(due))
      .returningAll()
      .execute();
    // RETURNING promises no order.
    return claimed.sort(byDueTime);
  }

  /**
   * Closes messages for good: sent, logged, or dropped past their recipient's cap. The bodies go (a
   * link in one may grant something: an invite, a claim, a withdrawal), and the address too when it
   * must not outlive the sending.
   */
  async function close(messages: readonly OutboxMessage[], status: 'sent' | 'logged' | 'dropped'): Promise<void> {
    if (messages.length === 0) return;
    await db
      .updateTable('outbox')
      .set((eb) => ({
        status,
        ...(status === 'dropped' ? {} : { attempts: eb('attempts', '+', 1), sent_at: clock.now().toISOString(), last_error: null }),
        locked_until: null,
        to_address: eb.case().when('forget_after_sending', '=', 1).then('').else(eb.ref('to_address')).end(),
        text_body: '',
        html_body: '',
      }))
      .where(
        'id',
        'in',
        messages.map((message) => message.id),
      )
      .execute();
  }

  /**
   * The messages past their recipient's cap, counting the first attempt of each of the others. Run
   * just before sending, so a message given back unsent (the server down) is not counted; one whose
   * process died between counting and sending is counted twice, which errs towards less mail.
   */
  async function pastCap(messages: readonly OutboxMessage[], now: Date): Promise<Set<OutboxMessage>> {
    const byRecipient = new Map<string, OutboxMessage[]>();
    for (const message of messages) {
      if (message.attempts > 0 || UNCAPPED.has(message.template)) continue;
      const key = `mail-to:${keyedHash(options.perRecipient.hashKey, message.to_address.trim().toLowerCase())}`;
      const group = byRecipient.get(key);
      if (group) group.push(message);
      else byRecipient.set(key, [message]);
    }
    const past = new Set<OutboxMessage>();
    const { rule } = options.perRecipient;
    for (const [key, group] of byRecipient) {
      const { hits } = await hitRateLimit(db, key, rule, now, group.length);
      // The oldest go within what was left of the day's share.
      for (const message of group.slice(Math.max(0, rule.max - (hits - group.length)))) past.add(message);
    }
    for (const message of past) {
      logger.warn('mail dropped: its recipient has had their share (MAIL_RATE_LIMIT)', { id: message.id, template: message.template });
    }
    return past;
  }

  /** Gives claimed messages back unsent, for the next round. */
  async function release(messages: readonly OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await db
      .updateTable('outbox')
      .set({ locked_until: null })
      .where(
        'id',
        'in',
        messages.map((message) => message.id),
      )
      .execute();
  }

  /** Records a failed attempt: a retry after the backoff, or failed for good. */
  async function recordFailure(message: OutboxMessage, error: unknown): Promise<Outcome> {
    const attempts = message.attempts + 1;
    const permanent = isPermanentRejection(error);
    const giveUp = permanent || attempts >= maxAttempts;
    const failedAt = clock.now();
    // A message given up on is never sent: its bodies go, as a sent one's do.
    const forget = { text_body: '', html_body: '', ...(message.forget_after_sending === 1 ? { to_address: '' } : {}) };
    await db
      .updateTable('outbox')
      .set({
        attempts,
        last_error: describe(error),
        locked_until: null,
        ...(giveUp
          ? { status: 'failed' as const, ...forget }
          : { next_attempt_at: new Date(failedAt.getTime() + retryDelayMs(attempts)).toISOString() }),
      })
      .where('id', '=', message.id)
      .execute();
    (giveUp ? logger.error : logger.warn)(giveUp ? 'mail failed for good' : 'mail delivery failed; will retry', {
      id: message.id,
      attempts,
      error: describe(error),
    });
    if (giveUp) return 'failed';
    return isUnreachable(error) ? 'unreachable' : 'retry';
  }

  /**
   * Sends a claimed batch in order and records each outcome. Logging is instant, so logged messages
   * are marked together in one statement; an SMTP send is a network exchange that dwarfs an update,
   * so each is marked as soon as it is sent, and a crash can send again only the one in flight
   * (delivery is at least once, never silently dropped). The recipients' caps are counted the same
   * way: the whole batch at once when logging, each message before its sending over SMTP.
   */
  async function deliverBatch(messages: readonly OutboxMessage[], claimedAt: Date): Promise<{ delivered: number; unreachable: boolean }> {
    const sendBy = claimedAt.getTime() + LOCK_MS - SEND_MARGIN_MS;
    const sent: OutboxMessage[] = [];
    const dropped = transport ? new Set<OutboxMessage>() : await pastCap(messages, claimedAt);
    let delivered = 0;
    let unreachable = false;
    for (const [i, message] of messages.entries()) {
      // Past this time the claim could run out mid-send and another process send it too.
      if (clock.now().getTime() > sendBy) {
        await release(messages.slice(i));
        break;
      }
      if (dropped.has(message)) continue;
      if (transport && (await pastCap([message], clock.now())).size > 0) {
        dropped.add(message);
        continue;
      }
      try {
        await send(message);
      } catch (error) {
        if ((await recordFailure(message, error)) === 'unreachable') {
          // The server is down: the rest of the batch would only wait for the same refusal.
          await release(messages.slice(i + 1));
          unreachable = true;
          break;
        }
        continue;
      }
      delivered++;
      if (transport) await close([message], 'sent');
      else sent.push(message);
    }
    await close(sent, 'logged');
    await close([...dropped], 'dropped');
    return { delivered, unreachable };
  }

  async function deliverDueRound(): Promise<number> {
    let delivered = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_ROUND; batch++) {
      const claimedAt = clock.now();
      const messages = await claimBatch(claimedAt);
      const outcome = await deliverBatch(messages, claimedAt);
      delivered += outcome.delivered;
      if (outcome.unreachable || messages.length < BATCH_SIZE) break;
    }
    return delivered;
  }

  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  // A round asked for, waiting NUDGE_DELAY_MS for the rest of the burst.
  let waiting: NodeJS.Timeout | null = null;
  let round: Promise<void> | null = null;
  let again = false;

  function deliverDue(): Promise<number> {
    const promise = deliverDueRound();
    inFlight.add(promise);
    promise.then(
      () => inFlight.delete(promise),
      () => inFlight.delete(promise),
    );
    return promise;
  }

  function runRound(): void {
    waiting = null;
    round = deliverDue()
      .then(
        () => undefined,
        (error: unknown) => logger.error('mail delivery round failed', { error: describe(error) }),
      )
      .finally(() => {
        round = null;
        if (again) {
          again = false;
          nudge();
        }
      });
  }

  // One background round at a time. The first nudge waits a moment for others to join it; a nudge
  // during a round asks for one more after it (mail enqueued meanwhile may have missed its claim).
  function nudge(): void {
    if (stopped || waiting) return;
    if (round) {
      again = true;
      return;
    }
    waiting = setTimeout(runRound, NUDGE_DELAY_MS);
  }

  return {
    async enqueue(db, message) {
      const id = await enqueueMail(db, message, clock.now());
      // The round starts NUDGE_DELAY_MS from now. A message written in a transaction that has not
      // committed by then is not seen by it; whoever runs that transaction nudges again after the
      // commit (see the nomination lifecycle's services).
      nudge();
      return id;
    },
    deliverDue,
    nudge,
    start(intervalMs = 5_000) {
      if (timer || stopped) return;
      timer = setInterval(nudge, intervalMs);
      timer.unref();
      nudge();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      // A round not yet begun is dropped: its mail stays in the outbox for the next start.
      if (waiting) clearTimeout(waiting);
      waiting = null;
      await round;
      await Promise.allSettled([...inFlight]);
      transport?.close();
    },
  };
}

type SmtpError = { code?: unknown; command?: unknown; permanent?: unknown; message?: unknown };

// Only a recipient refused for good (550 no such mailbox) is hopeless; anything else (server down,
// full mailbox, wrong credentials being fixed) may heal, so the message waits and tries again.
function isPermanentRejection(error: unknown): boolean {
  const e = error as SmtpError;
  return e?.code === 'EENVELOPE' && e.command === 'RCPT TO' && e.permanent === true;
}

// Nothing answered: no point trying the next message in this round.
function isUnreachable(error: unknown): boolean {
  const code = (error as SmtpError)?.code;
  return code === 'ESOCKET' || code === 'ECONNECTION' || code === 'ETIMEDOUT' || code === 'EDNS';
}

function describe(error: unknown): string {
  const e = error as SmtpError;
  const text = [typeof e?.code === 'string' ? e.code : '', typeof e?.message === 'string' ? e.message : String(error)]
    .filter(Boolean)
    .join(' ');
  return text.slice(0, 1000);
}
