import type { Kysely } from 'kysely';

// Frozen in time: this migration never imports app code and is never edited once released.
//
// From now on a message's bodies are emptied once it leaves the outbox (sent, logged, dropped or
// failed): a link in one may grant something (a manager's invite, a claim, a nominator's withdrawal),
// and kept there it stayed readable by anyone who ever read the database or a backup of it. This
// empties the bodies of the messages that left before. On SQLite, opened with secure_delete, the
// old text is overwritten with zeros rather than left in the pages' free space.

export async function up(db: Kysely<any>): Promise<void> {
  await db.updateTable('outbox').set({ text_body: '', html_body: '' }).where('status', '<>', 'pending').execute();
}

export async function down(): Promise<void> {
  // What was emptied cannot be written back.
}
