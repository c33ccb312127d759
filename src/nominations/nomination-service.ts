import { listActiveCategories } from '../categories/category-queries.ts';
import type { Transaction } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Database, Nomination } from '../db/database.ts';
import type { Lang } from '../i18n/index.ts';
import { isoDay } from '../lib/clock.ts';
import { AppError, type FieldErrors } from '../lib/errors.ts';
import { keyedHash, newId, newToken, sha256Hex } from '../lib/ids.ts';
import { hitRateLimit } from '../rate-limit/rate-limit.ts';
import { findWorkplaceBySlug } from '../workplaces/workplace-queries.ts';
import { type NominationInput, parseNomination } from './nomination-input.ts';
import { appendEvent, insertNomination } from './nomination-queries.ts';

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

/**
 * Counts the attempt against the client's rate limit. Every attempt counts, valid or not, so a
 * script cannot probe the validation for free.
 */
export async function checkNominationRateLimit(ctx: AppContext, clientAddress: string): Promise<void> {
  const key = `nominate:${keyedHash(ctx.hashKey, clientAddress)}`;
  const result = await hitRateLimit(ctx.db, key, ctx.config.nominationRateLimit, ctx.clock.now());
  if (!result.allowed) {
    throw new AppError('rate_limited', 429, 'rateLimit.nominations', undefined, { 'Retry-After': String(result.retryAfterSeconds) });
  }
}

/** Validates and stores a nomination with its first event, `submitted`; throws NominationInvalid. */
export async function submitNomination(
  ctx: AppContext,
  raw: unknown,
  requestLang: Lang,
  onSubmitted?: (trx: Transaction<Database>, nomination: Nomination, privateUrl: string) => Promise<void>,
): Promise<SubmittedNomination> {
  const categories = await listActiveCategories(ctx.db);
  const now = ctx.clock.now();
  const parsed = parseNomination(raw, { today: isoDay(now), activeCategories: new Set(categories.map((c) => c.slug)) }, requestLang);
  if (!parsed.ok) throw new NominationInvalid(parsed.fields);
  const input = parsed.value;

  const workplace = typeof input.workplace === 'string' ? await findWorkplaceBySlug(ctx.db, input.workplace) : null;
  if (typeof input.workplace === 'string' && !workplace) throw new NominationInvalid({ workplace: 'validation.workplaceUnknown' });

  const id = newId(now.getTime());
  const withdrawToken = newToken();
  const at = now.toISOString();
  const nomination: Nomination = {
    id,
    workplace_id: workplace?.id ?? null,
    workplace_name: workplace ? null : (input.workplace as { name: string }).name,
    workplace_city: workplace ? null : (input.workplace as { city: string }).city,
    ...nominationColumns(input),
    status: 'submitted',
    withdraw_token_hash: sha256Hex(withdrawToken),
    created_at: at,
    updated_at: at,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertNomination(trx, nomination);
    await appendEvent(trx, { id: newId(now.getTime()), nomination_id: id, type: 'submitted', actor: 'nominator', reason: null, data: null, created_at: at });
    await onSubmitted?.(trx, nomination, `${ctx.config.publicUrl}/n/${withdrawToken}`);
  });
  return { id, status: 'submitted', staffFirstName: input.staffFirstName, withdrawToken, workplaceListed: workplace !== null };
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
