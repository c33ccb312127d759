import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: this migration never imports app code and is never edited once released.
//
// A revision number on each award, moved on by the database whenever what its public documents are
// made of changes: the award's own row, its nomination's row, its workplace's name, or one of its
// stored images. A process that keeps a document made from those rows then checks one integer at
// each request instead of reading them all again: for the hosted 2.0 assertion, which every
// verifier asks for, reading the fifteen columns of three tables was more than half of what its
// answer cost; for the stored badge, the join of the award and its image about a tenth.
//
// Triggers move it, in the statement that writes, so in its transaction: every path that writes (a
// service, an erasure, a correction by hand) moves it, and a reader never sees a changed row under
// an old revision. The workplace trigger watches the name only: it touches every award of the
// workplace, and nothing else of the workplace goes into an award's documents. Neither a nomination
// nor a workplace can be deleted while an award points to it (foreign keys), so only updates count.

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .alterTable('awards')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const statements = postgres ? postgresTriggers() : sqliteTriggers();
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Moves on the revision of the awards `where` picks. */
const bump = (where: string) => `update awards set revision = revision + 1 where ${where};`;
const BUMP_NOMINATION = bump('nomination_id = NEW.id');
const BUMP_WORKPLACE = bump('workplace_id = NEW.id');
const bumpAwards = (ids: string) => bump(`id in (${ids})`);

/** SQLite: a trigger cannot change the row it fires for, so the award's own trigger updates it after (the WHEN keeps that update from firing it again). */
function sqliteTriggers(): string[] {
  return [
    `create trigger awards_revision after update on awards when NEW.revision = OLD.revision begin
       update awards set revision = OLD.revision + 1 where id = NEW.id;
     end`,
    `create trigger awards_revision_nomination after update on nominations begin ${BUMP_NOMINATION} end`,
    `create trigger awards_revision_workplace after update of name on workplaces begin ${BUMP_WORKPLACE} end`,
    `create trigger awards_revision_image_insert after insert on badge_images begin ${bumpAwards('NEW.award_id')} end`,
    `create trigger awards_revision_image_update after update on badge_images begin ${bumpAwards('OLD.award_id, NEW.award_id')} end`,
    `create trigger awards_revision_image_delete after delete on badge_images begin ${bumpAwards('OLD.award_id')} end`,
  ];
}

/** PostgreSQL: the award's own trigger sets the number on the row being written. */
function postgresTriggers(): string[] {
  const fn = (name: string, body: string, returns: 'NEW' | 'null') => `
    create function ${name}() returns trigger language plpgsql set search_path from current as $$
    begin
      ${body}
      return ${returns};
    end $$`;
  return [
    fn('awards_revision_bump', 'NEW.revision := OLD.revision + 1;', 'NEW'),
    `create trigger awards_revision before update on awards for each row when (NEW.revision = OLD.revision) execute function awards_revision_bump()`,
    fn('awards_revision_nomination_follow', BUMP_NOMINATION, 'null'),
    `create trigger awards_revision_nomination after update on nominations for each row execute function awards_revision_nomination_follow()`,
    fn('awards_revision_workplace_follow', BUMP_WORKPLACE, 'null'),
    `create trigger awards_revision_workplace after update of name on workplaces for each row execute function awards_revision_workplace_follow()`,
    fn(
      'awards_revision_image_follow',
      `if TG_OP = 'INSERT' then ${bumpAwards('NEW.award_id')}
       elsif TG_OP = 'UPDATE' then ${bumpAwards('OLD.award_id, NEW.award_id')}
       else ${bumpAwards('OLD.award_id')}
       end if;`,
      'null',
    ),
    `create trigger awards_revision_image after insert or update or delete on badge_images for each row execute function awards_revision_image_follow()`,
  ];
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const imageTriggers: [name: string, table: string][] = postgres
    ? [['awards_revision_image', 'badge_images']]
    : [
        ['awards_revision_image_delete', 'badge_images'],
        ['awards_revision_image_update', 'badge_images'],
        ['awards_revision_image_insert', 'badge_images'],
      ];
  const triggers: [name: string, table: string][] = [
    ...imageTriggers,
    ['awards_revision_workplace', 'workplaces'],
    ['awards_revision_nomination', 'nominations'],
    ['awards_revision', 'awards'],
  ];
  for (const [name, table] of triggers) await sql.raw(postgres ? `drop trigger ${name} on ${table}` : `drop trigger ${name}`).execute(db);
  if (postgres) {
    for (const name of [
      'awards_revision_image_follow',
      'awards_revision_workplace_follow',
      'awards_revision_nomination_follow',
      'awards_revision_bump',
    ])
      await sql.raw(`drop function ${name}()`).execute(db);
  }
  await db.schema.alterTable('awards').dropColumn('revision').execute();
}
