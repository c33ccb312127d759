import type { Transaction } from 'kysely';
import type { Database, Nomination } from '../db/database.ts';
import { AppError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { appendEvent, attachNominationToWorkplace, insertNomination, setNominationStatus } from './nomination-queries.ts';

// A nomination's status is derived from its event log: every change of status, and every other
// step a reviewer takes, is written here with its event in the caller's transaction, so the two
// never disagree. The award's own status (awards/) follows the nomination's after approval.

/** Every status a nomination can be in. */
export const NOMINATION_STATUSES = ['submitted', 'approved', 'declined', 'withdrawn', 'claimed', 'revoked', 'erased'] as const;

/**
 * submitted → approved | declined | withdrawn; approved → claimed; approved | claimed → revoked | erased.
 * The last three follow the award: a claim, a reviewer's revocation, the employee's erasure.
 */
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];

/** An award's status: 'approved' until claimed; revoked by a reviewer or erased by the employee. */
export type AwardStatus = 'approved' | 'claimed' | 'revoked' | 'erased';

/** What the event log records: each status change by its new status, and the steps that change none. */
export type NominationEventType = NominationStatus | 'attached' | 'claim_link_reissued';

/** Who took a step: the nominator, the employee, or a signed-in user (`user:<id>`). */
export type EventActor = 'nominator' | 'employee' | `user:${string}`;

type Trx = Transaction<Database>;

/** What is written with a step's event: who, when, and what the record keeps of it. */
export type Step = { actor: EventActor; at: Date; reason?: string | null; data?: Record<string, unknown> | null };

/**
 * Moves a nomination from one of `from` to `to` and appends the event of that name, only if it is
 * still in one of `from` (a compare-and-set: approving twice, or approving a declined nomination,
 * changes nothing). Returns whether it moved; nothing is written if it did not.
 */
export async function transition(
  trx: Trx,
  id: string,
  from: readonly NominationStatus[],
  to: NominationStatus,
  step: Step,
): Promise<boolean> {
  assertTransaction(trx);
  const at = step.at.toISOString();
  if (!(await setNominationStatus(trx, id, from, to, at))) return false;
  await recordEvent(trx, id, to, step);
  return true;
}

/** Stores a new nomination, status `submitted`, with its first event. */
export async function submit(trx: Trx, nomination: Nomination & { status: 'submitted' }): Promise<void> {
  assertTransaction(trx);
  await insertNomination(trx, nomination);
  await recordEvent(trx, nomination.id, 'submitted', { actor: 'nominator', at: new Date(nomination.created_at) });
}

/** A reviewer approves a nomination waiting for review; the event names the award made for it. */
export async function approve(trx: Trx, nomination: Nomination, awardId: string, step: Step): Promise<void> {
  if (!(await transition(trx, nomination.id, ['submitted'], 'approved', { ...step, data: { awardId } })))
    throw notWaiting(nomination.status);
}

/** A reviewer declines a nomination waiting for review, with a reason kept for the record. */
export async function decline(trx: Trx, nomination: Nomination, reason: string, step: Step): Promise<void> {
  if (!(await transition(trx, nomination.id, ['submitted'], 'declined', { ...step, reason }))) throw notWaiting(nomination.status);
}

/** The nominator withdraws their nomination while it waits for review. */
export async function withdraw(trx: Trx, nomination: Nomination, at: Date): Promise<void> {
  if (!(await transition(trx, nomination.id, ['submitted'], 'withdrawn', { actor: 'nominator', at }))) throw notWaiting(nomination.status);
}

/** The employee claimed the nomination's award. */
export async function recordClaim(trx: Trx, nominationId: string, at: Date): Promise<void> {
  // The award's own compare-and-set decides the claim; the nomination follows it.
  if (!(await transition(trx, nominationId, ['approved'], 'claimed', { actor: 'employee', at })))
    await recordEvent(trx, nominationId, 'claimed', { actor: 'employee', at });
}

/** The nomination's award was revoked by a reviewer or erased by the employee. */
export async function recordAwardWithdrawn(
  trx: Trx,
  nominationId: string,
  to: 'revoked' | 'erased',
  step: Step & { reason: string },
): Promise<void> {
  // As for a claim, the award's status decided; the event is written whatever the nomination's.
  if (!(await transition(trx, nominationId, ['approved', 'claimed'], to, step))) await recordEvent(trx, nominationId, to, step);
}

/**
 * An admin attaches a nomination made for a business not on the platform to the workplace it now
 * has; a nomination attached meanwhile is a 409.
 */
export async function attach(trx: Trx, nominationId: string, workplace: { id: string; slug: string }, step: Step): Promise<void> {
  assertTransaction(trx);
  if (!(await attachNominationToWorkplace(trx, nominationId, workplace.id, step.at.toISOString())))
    throw new AppError('conflict', 409, 'review.alreadyAttached');
  await recordEvent(trx, nominationId, 'attached', { ...step, data: { workplace: workplace.slug } });
}

/** A reviewer made a new claim link for the nomination's award (the award's row is changed by the caller). */
export async function recordClaimLinkReissued(trx: Trx, nominationId: string, step: Step): Promise<void> {
  assertTransaction(trx);
  await recordEvent(trx, nominationId, 'claim_link_reissued', step);
}

/** The refusal of a step that needs a nomination still waiting for review. */
export function notWaiting(status: NominationStatus): AppError {
  return new AppError('conflict', 409, status === 'submitted' ? 'review.changedMeanwhile' : 'review.alreadyDecided');
}

function recordEvent(trx: Trx, nominationId: string, type: NominationEventType, step: Step): Promise<void> {
  return appendEvent(trx, {
    id: newId(step.at.getTime()),
    nomination_id: nominationId,
    type,
    actor: step.actor,
    reason: step.reason ?? null,
    data: step.data ? JSON.stringify(step.data) : null,
    created_at: step.at.toISOString(),
  });
}

// A step and its event are written together or not at all.
function assertTransaction(trx: Trx): void {
  if (!trx.isTransaction) throw new Error('a nomination changes only inside a transaction');
}
