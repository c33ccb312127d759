import type { Kysely } from 'kysely';
import { createTransport } from 'nodemailer';
import type { Database, OutboxMessage } from '../db/database.ts';
import { isLang, LANG_TAGS } from '../i18n/index.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';

export type MailerOptions = {
  db: Kysely<Database>;
  /** `smtp://…` or `smtps://…`; null writes each message to the log instead of sending it. */
  smtpUrl: string | null;
  from: string;
  logger: Logger;
  clock: Clock;
  /** Failed attempts after which a message is marked failed (kept, never deleted). */
  maxAttempts?: number;
};

export type Mailer = {
  /** Sends (or logs) every message that is due; returns how many left the outbox as sent or logged. */
  deliverDue: () => Promise<number>;
  /** Asks for a delivery round now, without waiting for it; call it after enqueueing. */
  nudge: () => void;
  /** Delivers due mail every `intervalMs` on a timer that does not keep the process alive. */
  start: (intervalMs?: number) => void;
  /** Stops the timer and waits for the round in progress. */
  stop: () => Promise<void>;
};

const FIRST_RETRY_MS = 10_000;
const MAX_RETRY_MS = 3_600_000;
const DEFAULT_MAX_ATTEMPTS = 20;
const BATCH_SIZE = 20;
// Bounds one round so a long queue cannot hold up `stop()`; the next tick takes the rest.
const MAX_BATCHES_PER_ROUND = 10;
// A claim outlives any send (the SMTP timeouts below add up to well under it); if the process dies
// mid-send, another one retries once it expires.
const LOCK_MS = 10 * 60_000;
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/** The wait before the next attempt after `attempts` failures: 10 s, doubling each time, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

type Outcome = 'delivered' | 'retry' | 'failed' | 'unreachable' | 'not-claimed';

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

  /** Claims one message (only if still pending, due and unclaimed), sends it and records the outcome. */
  async function deliverOne(id: string): Promise<Outcome> {
    const claimedAt = clock.now();
    const nowIso = claimedAt.toISOString();
    const message = await db
      .updateTable('outbox')
      .set({ locked_until: new Date(claimedAt.getTime() + LOCK_MS).toISOString() })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', nowIso)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]))
      .returningAll()
      .executeTakeFirst();
    if (!message) return 'not-claimed';

    const attempts = message.attempts + 1;
    const forget = message.forget_after_sending === 1 ? { to_address: '', text_body: '', html_body: '' } : {};
    try {
      await send(message);
    } catch (error) {
      const permanent = isPermanentRejection(error);
      const giveUp = permanent || attempts >= maxAttempts;
      const failedAt = clock.now();
      await db
        .updateTable('outbox')
        .set({
          attempts,
          last_error: describe(error),
          locked_until: null,
          ...(giveUp ? { status: 'failed' as const, ...forget } : { next_attempt_at: new Date(failedAt.getTime() + retryDelayMs(attempts)).toISOString() }),
        })
        .where('id', '=', id)
        .execute();
      (giveUp ? logger.error : logger.warn)(giveUp ? 'mail failed for good' : 'mail delivery failed; will retry', {
        id,
        attempts,
        error: describe(error),
      });
      if (giveUp) return 'failed';
      return isUnreachable(error) ? 'unreachable' : 'retry';
    }
    // Were this update lost (the database gone at this very moment), the message would be sent again
    // once the claim expires: delivery is at least once, never silently dropped.
    await db
      .updateTable('outbox')
      .set({ status: transport ? 'sent' : 'logged', attempts, sent_at: clock.now().toISOString(), locked_until: null, last_error: null, ...forget })
      .where('id', '=', id)
      .execute();
    return 'delivered';
  }

  async function deliverDueRound(): Promise<number> {
    let delivered = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_ROUND; batch++) {
      const nowIso = clock.now().toISOString();
      const due = await db
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', nowIso)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(BATCH_SIZE)
        .execute();
      for (const { id } of due) {
        const outcome = await deliverOne(id);
        if (outcome === 'delivered') delivered++;
        // The server is down: the rest of the queue would only wait for the same refusal.
        if (outcome === 'unreachable') return delivered;
      }
      if (due.length < BATCH_SIZE) break;
    }
    return delivered;
  }

  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
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

  // One background round at a time; a nudge during a round asks for one more right after it.
  function nudge(): void {
    if (stopped) return;
    if (round) {
      again = true;
      return;
    }
    round = (async () => {
      do {
        again = false;
        try {
          await deliverDue();
        } catch (error) {
          logger.error('mail delivery round failed', { error: describe(error) });
        }
      } while (again && !stopped);
    })().finally(() => {
      round = null;
    });
  }

  return {
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
  const text = [typeof e?.code === 'string' ? e.code : '', typeof e?.message === 'string' ? e.message : String(error)].filter(Boolean).join(' ');
  return text.slice(0, 1000);
}
