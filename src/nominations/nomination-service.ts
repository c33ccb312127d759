import type { Kysely, Transaction } from 'kysely';
import { whoReviews } from '../auth/user-queries.ts';
import { findCategory } from '../categories/category-queries.ts';
import type { AppContext } from '../context.ts';
import type { Database, Db, Nomination } from '../db/database.ts';
import type { Lang } from '../i18n/index.ts';
import { isoDay } from '../lib/clock.ts';
import { AppError, type FieldErrors, notFound } from '../lib/errors.ts';
import { keyedHash, newId, sha256Hex } from '../lib/ids.ts';
import { type NominationNames, notifyNominationReceived } from '../mail/notifications.ts';
import { hitRateLimit } from '../rate-limit/rate-limit.ts';
import { findWorkplaceById } from '../workplaces/workplace-queries.ts';
import { spendChallenge } from './challenge-queries.ts';
import { checkSolution, takeSolution } from './challenge-service.ts';
import { checkNominationRules, type NominationInput, readNomination } from './nomination-input.ts';
import * as lifecycle from './nomination-lifecycle.ts';
import { findNominationByWithdrawToken, findNominationTargets, newWithdrawToken } from './nomination-queries.ts';
import type { NominationWriter } from './nomination-writer.ts';

export class NominationInvalid extends AppError {
  constructor(fields: FieldErrors) {
    super('validation', 400, 'error.validation', fields);
  }
}

export type SubmittedNomination = {
  id: string;
  status: 'submitted';
  staffFirstName: string;
  /** Private link token letting the nominator see and withdraw what they sent. */
  withdrawToken: string;
  workplaceListed: boolean;
};

/** A nomination as a request brings it. */
export type NominationRequest = {
  /** The sender's address; only its keyed hash is stored, as the rate limit's key. */
  clientAddress: string;
  /** The request's language, for a nomination that names none. */
  lang: Lang;
  /** Reads the body; what it throws (broken JSON…) is thrown again once the attempt is counted. */
  read: () => unknown;
};

/**
 * Takes a nomination: counts the attempt against the sender's rate limit, validates it, and stores
 * it with its first event, `submitted`, and the mail telling of it in one transaction.
 * Every attempt counts, valid or not, so a script cannot probe the validation for free; over the
 * limit it throws AppError 429 before any other answer, else NominationInvalid or the read's error.
 */
export async function submitNomination(
  ctx: AppContext,
  request: NominationRequest,
  options: {
    /** Adds to the nomination's transaction, after its mail. */
    onSubmitted?: (trx: Transaction<Database>, nomination: Nomination) => Promise<void>;
    /** Runs the transaction: by default the context's writer, which commits nominations arriving together at once. */
    write?: NominationWriter;
  } = {},
): Promise<SubmittedNomination> {
  const { onSubmitted, write = ctx.nominationWriter } = options;
  const now = ctx.clock.now();
  const limitKey = `nominate:${keyedHash(ctx.hashKey, request.clientAddress)}`;
  // A refused attempt is counted in a write of its own; a stored one in its nomination's transaction.
  const refuse = async (error: unknown): Promise<never> => {
    await countAttempt(ctx, ctx.db, limitKey, now);
    throw error;
  };

  let raw: unknown;
  try {
    raw = await request.read();
  } catch (error) {
    return refuse(error);
  }
  const { solution, nomination: fields } = takeSolution(raw);
  const read = readNomination(fields, request.lang, isoDay(now));
  // With NOMINATION_CHALLENGE=on, a solved proof of work comes with the nomination; its fault is named with the others.
  const checked = ctx.config.nominationChallenge ? await checkSolution(ctx.hashKey, solution, now) : null;
  if (!read.ok || (checked && !checked.ok)) {
    return refuse(
      new NominationInvalid({ ...(read.ok ? {} : read.fields), ...(checked && !checked.ok ? { altcha: checked.problem } : {}) }),
    );
  }
  const input = read.value;
  const workplaceSlug = typeof input.workplace === 'string' ? input.workplace : null;
  // Read at every nomination, never cached: a category retired by one process is refused at once by all.
  const targets = await findNominationTargets(ctx.db, workplaceSlug, input.category);
  const ruleErrors = checkNominationRules({ categoryActive: targets.categoryActive });
  if (Object.keys(ruleErrors).length > 0) return refuse(new NominationInvalid(ruleErrors));
  if (workplaceSlug !== null && targets.workplaceId === null)
    return refuse(new NominationInvalid({ workplace: 'validation.workplaceUnknown' }));

  const id = newId(now.getTime());
  const withdrawToken = newWithdrawToken(id);
  const at = now.toISOString();
  const nomination: Nomination & { status: 'submitted' } = {
    id,
    workplace_id: targets.workplaceId,
    workplace_name: workplaceSlug === null ? (input.workplace as { name: string }).name : null,
    workplace_city: workplaceSlug === null ? (input.workplace as { city: string }).city : null,
    ...nominationColumns(input),
    status: 'submitted',
    withdraw_token_hash: sha256Hex(withdrawToken),
    created_at: at,
    updated_at: at,
  };
  let reused = false;
  try {
    await write(async (trx) => {
      // Counted first, so an address over its limit stores nothing. Its refusal rolls the count back
      // too, which changes nothing: the window's count is over the limit already.
      await countAttempt(ctx, trx, limitKey, now);
      // The writer may run this again (alone, after a fault undid its batch): only the last run's refusal counts.
      reused = checked?.ok === true && !(await spendChallenge(trx, checked.solved.challenge, checked.solved.expiresAt.toISOString(), at));
      if (reused) throw new NominationInvalid({ altcha: 'challenge.reused' });
      await lifecycle.submit(trx, nomination);
      const reviewers = await whoReviews(trx, nomination.workplace_id);
      const withdrawUrl = `${ctx.config.publicUrl}/n/${withdrawToken}`;
      await notifyNominationReceived(ctx, trx, nomination, nominationNames(trx, nomination), reviewers, withdrawUrl);
      await onSubmitted?.(trx, nomination);
    });
  } catch (error) {
    // A reused solution rolled its transaction back, count included: it is counted again on its own, as any refusal.
    if (reused) return refuse(error);
    throw error;
  }
  // Enqueueing woke the mailer already; once more now that the mail is committed and visible to it.
  ctx.mailer.nudge();
  return { id, status: 'submitted', staffFirstName: input.staffFirstName, withdrawToken, workplaceListed: targets.workplaceId !== null };
}

/** The nominator withdraws their nomination through their private link, while it waits for review. */
export async function withdrawNomination(ctx: AppContext, withdrawToken: string): Promise<Nomination> {
  const nomination = await findNominationByWithdrawToken(ctx.db, withdrawToken);
  if (!nomination) throw notFound();
  await ctx.db.transaction().execute((trx) => lifecycle.withdraw(trx, nomination, ctx.clock.now()));
  return { ...nomination, status: 'withdrawn' };
}

/**
 * The names a message about a nomination shows, read through `db` (the caller's transaction: on
 * SQLite, reaching for ctx.db while a transaction holds the one connection would wait forever),
 * each at most once.
 */
export function nominationNames(db: Db, nomination: Nomination): NominationNames {
  let category: Promise<Awaited<ReturnType<typeof findCategory>>> | undefined;
  let workplace: Promise<string> | undefined;
  return {
    async category(lang) {
      category ??= findCategory(db, nomination.category_slug);
      const found = await category;
      return found ? (lang === 'fr' ? found.name_fr : found.name_en) : nomination.category_slug;
    },
    workplace() {
      workplace ??= nomination.workplace_id
        ? findWorkplaceById(db, nomination.workplace_id).then((found) => found?.name ?? '')
        : Promise.resolve(nomination.workplace_name ?? '');
      return workplace;
    },
  };
}

/** Counts one attempt for the key; throws 429 with Retry-After once the window's count is over the limit. */
async function countAttempt(ctx: AppContext, db: Kysely<Database>, key: string, now: Date): Promise<void> {
  const result = await hitRateLimit(db, key, ctx.config.nominationRateLimit, now);
  if (!result.allowed) {
    throw new AppError('rate_limited', 429, 'rateLimit.nominations', undefined, { 'Retry-After': String(result.retryAfterSeconds) });
  }
}

function nominationColumns(input: NominationInput & { lang: Lang }) {
  return {
    staff_first_name: input.staffFirstName,
    staff_role: input.staffRole,
    moment_date: input.momentDate,
    moment_place: input.momentPlace,
    category_slug: input.category,
    story: input.story,
    nominator_name: input.nominatorName,
    nominator_email: input.nominatorEmail,
    public_story_consent: input.publicStoryConsent ? 1 : 0,
    lang: input.lang,
  };
}
