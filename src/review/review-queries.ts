import type { Db, Nomination } from '../db/database.ts';
import type { NominationStatus } from '../nominations/nomination-lifecycle.ts';

export type QueueQuery = {
  /** null: every workplace (the admin); otherwise only these. */
  workplaceIds: readonly string[] | null;
  status: NominationStatus | null;
  workplaceId: string | null;
  /** Only nominations for workplaces not on the platform. */
  unlisted: boolean;
  /** Only nominations created before this instant (past the review window). */
  createdBefore: string | null;
  /** Keyset cursor: the last id of the previous page (ids sort by time). */
  afterId: string | null;
  limit: number;
};

/** A page of nominations, newest first, joined with their workplace. */
export function queryNominations(db: Db, q: QueueQuery) {
  let query = db
    .selectFrom('nominations')
    .leftJoin('workplaces', 'workplaces.id', 'nominations.workplace_id')
    .select([
      'nominations.id',
      'nominations.status',
      'nominations.workplace_id',
      'nominations.workplace_name',
      'nominations.workplace_city',
      'workplaces.slug as workplace_slug',
      'workplaces.name as listed_workplace_name',
      'nominations.staff_first_name',
      'nominations.staff_role',
      'nominations.category_slug',
      'nominations.moment_date',
      'nominations.moment_place',
      'nominations.story',
      'nominations.public_story_consent',
      'nominations.created_at',
    ])
    .orderBy('nominations.id', 'desc')
    .limit(q.limit);
  if (q.workplaceIds !== null) {
    if (q.workplaceIds.length === 0) return Promise.resolve([]);
    query = query.where('nominations.workplace_id', 'in', q.workplaceIds);
  }
  if (q.status) query = query.where('nominations.status', '=', q.status);
  if (q.workplaceId) query = query.where('nominations.workplace_id', '=', q.workplaceId);
  if (q.unlisted) query = query.where('nominations.workplace_id', 'is', null);
  if (q.createdBefore) query = query.where('nominations.created_at', '<', q.createdBefore);
  if (q.afterId) query = query.where('nominations.id', '<', q.afterId);
  return query.execute();
}

export type NominationRow = Awaited<ReturnType<typeof queryNominations>>[number];

/** A nomination's events, oldest first. */
export function listEvents(db: Db, nominationId: string) {
  return db.selectFrom('nomination_events').selectAll().where('nomination_id', '=', nominationId).orderBy('id').execute();
}

/** The email of each of these users (the actors of a nomination's events). */
export function findUserEmails(db: Db, userIds: readonly string[]): Promise<{ id: string; email: string }[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'email']).where('id', 'in', userIds).execute();
}

/** The nominations with these ids (those that exist), for a decision taken on several at once. */
export function findNominationsByIds(db: Db, ids: readonly string[]): Promise<Nomination[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('nominations').selectAll().where('id', 'in', ids).execute();
}
