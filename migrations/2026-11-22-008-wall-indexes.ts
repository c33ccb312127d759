import type { Kysely } from 'kysely';

// Frozen in time: this migration never imports app code and is never edited once released.
// Indexes for the recognition wall, its insights and its exports at a hundred thousand awards.
// Each ends with the columns its queries filter on afterwards (status), so those read the index alone.

const INDEXES: [name: string, table: string, columns: string[]][] = [
  // Insights count awards per month (a range of created_at), for one workplace or for all.
  ['awards_workplace_created_status', 'awards', ['workplace_id', 'created_at', 'id', 'status']],
  ['awards_created_status', 'awards', ['created_at', 'id', 'status']],
  // Awards per category (insights), and the wall filtered by category, newest first.
  ['awards_workplace_category', 'awards', ['workplace_id', 'category_slug', 'created_at', 'id', 'status']],
  ['awards_category', 'awards', ['category_slug', 'created_at', 'id', 'status']],
  // Nominations received in a period (insights' review times, the nominations export in keyset order).
  ['nominations_workplace_created', 'nominations', ['workplace_id', 'created_at', 'id', 'status']],
  ['nominations_created', 'nominations', ['created_at', 'id', 'status']],
  // A nomination's decision (approved or declined) and its time, probed per nomination without
  // reading the event (SQLite's nested loop).
  ['nomination_events_decision', 'nomination_events', ['nomination_id', 'type', 'created_at']],
  // The recent decisions as one range, for PostgreSQL's hash join. SQLite must also have the index
  // above: with only this one, it probes this range once per nomination (seconds, not milliseconds).
  ['nomination_events_recent_decisions', 'nomination_events', ['type', 'created_at', 'nomination_id']],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns] of INDEXES) await db.schema.createIndex(name).on(table).columns(columns).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...INDEXES].reverse()) await db.schema.dropIndex(name).execute();
}
