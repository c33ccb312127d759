import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: this migration never imports app code and is never edited once released.
//
// Tallies for the insights page. Counted from the rows, the issuer admin's page read every award of
// the last twelve months twice (by month, then by category: 90,000 entries of covering indexes at
// the bench's 100,000 awards) and probed the decision of each of the 14,000 nominations of the last
// 90 days, working out two timestamps per pair: about 60 ms of database time a view on either
// engine, whatever the indexes (the plans were index-only already). These tables hold the same
// facts already counted, so the page reads a few thousand small rows.
//
// Triggers keep them, in the statement that writes the award or the event, so in its transaction:
// every path that writes (a service, an import, the bench's seed, a correction by hand) moves the
// tallies with it, and they are never behind. The same triggers on both engines, in each one's
// syntax; the same tables, indexes and figures.

const SHOWN = `('approved', 'claimed')`;
const DECISIONS = `('approved', 'declined')`;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  // Awards shown on walls (approved or claimed), by workplace, month made (YYYY-MM, UTC) and
  // category. An award with no workplace counts under '' (a key may not be null).
  await db.schema
    .createTable('award_month_counts')
    .addColumn('workplace_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('category_slug', 'text', (c) => c.notNull())
    .addColumn('awards', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('award_month_counts_key', ['workplace_id', 'month', 'category_slug'])
    .execute();
  // Every workplace at once (the issuer admin): the months in order, read from the index alone.
  await db.schema.createIndex('award_month_counts_month').on('award_month_counts').columns(['month', 'category_slug', 'awards']).execute();

  // One row per decision in the event log (approved or declined), beside its nomination's
  // workplace and the time it was received, with the milliseconds between: whether a review was on
  // time is then a comparison of integers, whatever the window.
  await db.schema
    .createTable('nomination_decisions')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('nomination_id', 'text', (c) => c.notNull())
    .addColumn('workplace_id', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('review_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('nomination_decisions_received').on('nomination_decisions').columns(['received_at', 'review_ms']).execute();
  await db.schema
    .createIndex('nomination_decisions_workplace_received')
    .on('nomination_decisions')
    .columns(['workplace_id', 'received_at', 'review_ms'])
    .execute();
  await db.schema.createIndex('nomination_decisions_nomination').on('nomination_decisions').column('nomination_id').execute();

  // Milliseconds from one ISO-8601 text timestamp to another. SQLite's julian days are doubles
  // exact to a twentieth of a millisecond at today's dates, so rounding gives the exact figure.
  const ms = (later: string, earlier: string) =>
    postgres
      ? `round(extract(epoch from (${later}::timestamptz - ${earlier}::timestamptz)) * 1000)::bigint`
      : `cast(round((julianday(${later}) - julianday(${earlier})) * 86400000) as integer)`;

  const statements = postgres ? postgresTriggers(ms) : sqliteTriggers(ms);
  for (const statement of statements) await sql.raw(statement).execute(db);

  // What the tables hold before the first trigger fires.
  await sql
    .raw(
      `insert into award_month_counts (workplace_id, month, category_slug, awards)
       select coalesce(workplace_id, ''), substr(created_at, 1, 7), category_slug, count(*) from awards
       where status in ${SHOWN} group by coalesce(workplace_id, ''), substr(created_at, 1, 7), category_slug`,
    )
    .execute(db);
  await sql
    .raw(
      `insert into nomination_decisions (event_id, nomination_id, workplace_id, received_at, decided_at, review_ms)
       select e.id, n.id, n.workplace_id, n.created_at, e.created_at, ${ms('e.created_at', 'n.created_at')}
       from nomination_events e join nominations n on n.id = e.nomination_id where e.type in ${DECISIONS}`,
    )
    .execute(db);
  // Without statistics PostgreSQL would scan the new tables whole until autovacuum came by.
  if (postgres) await sql`analyze award_month_counts, nomination_decisions`.execute(db);

  // Migration 008 made these two for the join the tallies replace; no query reads them now, and
  // every event written (one at least per nomination) paid for them.
  for (const [name] of EVENT_INDEXES_OF_008) await db.schema.dropIndex(name).execute();
}

const EVENT_INDEXES_OF_008: [name: string, columns: string[]][] = [
  ['nomination_events_decision', ['nomination_id', 'type', 'created_at']],
  ['nomination_events_recent_decisions', ['type', 'created_at', 'nomination_id']],
];

/** The triggers in SQLite's syntax: a trigger's body is its statements, a condition its WHEN. */
function sqliteTriggers(ms: (later: string, earlier: string) => string): string[] {
  const countNew = `
    insert into award_month_counts (workplace_id, month, category_slug, awards)
    values (coalesce(NEW.workplace_id, ''), substr(NEW.created_at, 1, 7), NEW.category_slug, 1)
    on conflict (workplace_id, month, category_slug) do update set awards = awards + 1;`;
  const uncountOld = `
    update award_month_counts set awards = awards - 1
    where workplace_id = coalesce(OLD.workplace_id, '') and month = substr(OLD.created_at, 1, 7) and category_slug = OLD.category_slug;`;
  const recordNew = (condition: string) => `
    insert into nomination_decisions (event_id, nomination_id, workplace_id, received_at, decided_at, review_ms)
    select NEW.id, n.id, n.workplace_id, n.created_at, NEW.created_at, ${ms('NEW.created_at', 'n.created_at')}
    from nominations n where n.id = NEW.nomination_id and ${condition};`;
  const awardColumns = 'status, workplace_id, category_slug, created_at';
  return [
    `create trigger award_month_counts_insert after insert on awards when NEW.status in ${SHOWN} begin ${countNew} end`,
    // Two triggers for an update: out of the old tally if it was shown, into the new one if it is.
    `create trigger award_month_counts_update_old after update of ${awardColumns} on awards when OLD.status in ${SHOWN} begin ${uncountOld} end`,
    `create trigger award_month_counts_update_new after update of ${awardColumns} on awards when NEW.status in ${SHOWN} begin ${countNew} end`,
    `create trigger award_month_counts_delete after delete on awards when OLD.status in ${SHOWN} begin ${uncountOld} end`,
    `create trigger nomination_decisions_insert after insert on nomination_events when NEW.type in ${DECISIONS} begin ${recordNew('true')} end`,
    // The log is append-only; were an event ever changed or removed, its decision row would follow.
    `create trigger nomination_decisions_update after update of id, nomination_id, type, created_at on nomination_events begin
       delete from nomination_decisions where event_id = OLD.id;
       ${recordNew(`NEW.type in ${DECISIONS}`)}
     end`,
    `create trigger nomination_decisions_delete after delete on nomination_events begin delete from nomination_decisions where event_id = OLD.id; end`,
    // A nomination attached to a workplace after its decision carries its decisions along.
    `create trigger nomination_decisions_nomination after update of id, workplace_id, created_at on nominations begin
       update nomination_decisions set nomination_id = NEW.id, workplace_id = NEW.workplace_id, received_at = NEW.created_at, review_ms = ${ms('decided_at', 'NEW.created_at')}
       where nomination_id = OLD.id;
     end`,
  ];
}

/** The same triggers on PostgreSQL: a function each, run for each row. */
function postgresTriggers(ms: (later: string, earlier: string) => string): string[] {
  const fn = (name: string, body: string) => `
    create function ${name}() returns trigger language plpgsql set search_path from current as $$
    begin
      ${body}
      return null;
    end $$`;
  const countNew = `
    insert into award_month_counts as c (workplace_id, month, category_slug, awards)
    values (coalesce(NEW.workplace_id, ''), substr(NEW.created_at, 1, 7), NEW.category_slug, 1)
    on conflict (workplace_id, month, category_slug) do update set awards = c.awards + 1;`;
  const uncountOld = `
    update award_month_counts set awards = awards - 1
    where workplace_id = coalesce(OLD.workplace_id, '') and month = substr(OLD.created_at, 1, 7) and category_slug = OLD.category_slug;`;
  const recordNew = `
    insert into nomination_decisions (event_id, nomination_id, workplace_id, received_at, decided_at, review_ms)
    select NEW.id, n.id, n.workplace_id, n.created_at, NEW.created_at, ${ms('NEW.created_at', 'n.created_at')}
    from nominations n where n.id = NEW.nomination_id;`;
  return [
    fn(
      'award_month_counts_follow',
      `if TG_OP in ('UPDATE', 'DELETE') then
         if OLD.status in ${SHOWN} then ${uncountOld} end if;
       end if;
       if TG_OP in ('INSERT', 'UPDATE') then
         if NEW.status in ${SHOWN} then ${countNew} end if;
       end if;`,
    ),
    `create trigger award_month_counts_insert after insert on awards for each row when (NEW.status in ${SHOWN}) execute function award_month_counts_follow()`,
    `create trigger award_month_counts_update after update of status, workplace_id, category_slug, created_at on awards for each row execute function award_month_counts_follow()`,
    `create trigger award_month_counts_delete after delete on awards for each row when (OLD.status in ${SHOWN}) execute function award_month_counts_follow()`,
    fn(
      'nomination_decisions_follow',
      `if TG_OP in ('UPDATE', 'DELETE') then
         delete from nomination_decisions where event_id = OLD.id;
       end if;
       if TG_OP in ('INSERT', 'UPDATE') then
         if NEW.type in ${DECISIONS} then ${recordNew} end if;
       end if;`,
    ),
    `create trigger nomination_decisions_insert after insert on nomination_events for each row when (NEW.type in ${DECISIONS}) execute function nomination_decisions_follow()`,
    `create trigger nomination_decisions_update after update of id, nomination_id, type, created_at on nomination_events for each row execute function nomination_decisions_follow()`,
    `create trigger nomination_decisions_delete after delete on nomination_events for each row execute function nomination_decisions_follow()`,
    fn(
      'nomination_decisions_nomination_follow',
      `update nomination_decisions set nomination_id = NEW.id, workplace_id = NEW.workplace_id, received_at = NEW.created_at, review_ms = ${ms('decided_at', 'NEW.created_at')}
       where nomination_id = OLD.id;`,
    ),
    `create trigger nomination_decisions_nomination after update of id, workplace_id, created_at on nominations for each row execute function nomination_decisions_nomination_follow()`,
  ];
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const triggers: [name: string, table: string][] = [
    ['nomination_decisions_nomination', 'nominations'],
    ['nomination_decisions_delete', 'nomination_events'],
    ['nomination_decisions_update', 'nomination_events'],
    ['nomination_decisions_insert', 'nomination_events'],
    ['award_month_counts_delete', 'awards'],
    ...(postgres
      ? ([['award_month_counts_update', 'awards']] as [string, string][])
      : ([
          ['award_month_counts_update_new', 'awards'],
          ['award_month_counts_update_old', 'awards'],
        ] as [string, string][])),
    ['award_month_counts_insert', 'awards'],
  ];
  for (const [name, table] of triggers) await sql.raw(postgres ? `drop trigger ${name} on ${table}` : `drop trigger ${name}`).execute(db);
  if (postgres) {
    for (const name of ['nomination_decisions_nomination_follow', 'nomination_decisions_follow', 'award_month_counts_follow'])
      await sql.raw(`drop function ${name}()`).execute(db);
  }
  await db.schema.dropTable('nomination_decisions').execute();
  await db.schema.dropTable('award_month_counts').execute();
  for (const [name, columns] of EVENT_INDEXES_OF_008) await db.schema.createIndex(name).on('nomination_events').columns(columns).execute();
}
