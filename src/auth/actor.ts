import { AppError } from '../lib/errors.ts';

/** The signed-in person a request acts for. */
export type Actor = {
  id: string;
  email: string;
  role: 'admin' | 'manager';
  lang: 'fr' | 'en';
  /** Workplaces this person manages (an admin reviews all, whatever this says). */
  workplaceIds: readonly string[];
  via: 'session' | 'token';
};

/** Refuses anyone who is not an issuer admin. */
export function assertAdmin(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new AppError('unauthenticated', 401, 'auth.required');
  if (actor.role !== 'admin') throw new AppError('forbidden', 403, 'auth.forbidden');
}

/** Refuses an actor who came with an API token rather than a signed-in session (making tokens, for one). */
export function assertSession(actor: Actor): void {
  if (actor.via !== 'session') throw new AppError('session_required', 403, 'accounts.tokenNeedsSession');
}

/** Refuses anyone who may not review this workplace (null: a workplace not on the platform, admin only). */
export function assertCanReview(actor: Actor | null, workplaceId: string | null): asserts actor is Actor {
  if (!actor) throw new AppError('unauthenticated', 401, 'auth.required');
  if (actor.role === 'admin') return;
  if (workplaceId === null || !actor.workplaceIds.includes(workplaceId)) throw new AppError('forbidden', 403, 'auth.forbidden');
}

/** Whether the actor reviews this workplace. */
export function canReview(actor: Actor, workplaceId: string | null): boolean {
  return actor.role === 'admin' || (workplaceId !== null && actor.workplaceIds.includes(workplaceId));
}
