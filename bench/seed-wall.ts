import { fileURLToPath } from 'node:url';
import type { Insertable, Kysely } from 'kysely';
import { connectDatabase } from '../src/db/connect.ts';
import type { AwardsTable, Database, NominationEventsTable, NominationsTable } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { idFrom, sha256Hex } from '../src/lib/ids.ts';
import { addSignedInUser } from './lib/accounts.ts';

// Fills a migrated database with a recognition wall's worth of history: by default 100,000 awards
// across 50 workplaces over two years, with their nominations and event logs, some declined,
// withdrawn or still waiting, and an admin and a manager with sessions to read it all.
// `npx tsx bench/seed-wall.ts` seeds DATABASE_URL (migrating it first) and prints the session cookies.

export type WallSeedOptions = {
  awards?: number;
  workplaces?: number;
  /** How far back the history goes. */
  months?: number;
  now?: Date;
};

export type WallSeed = {
  /** Ordered as created: the manager manages the first one, which has its public wall on. */
  workplaces: { id: string; slug: string }[];
  adminCookie: string;
  managerCookie: string;
  awards: number;
  nominations: number;
  events: number;
};

const DAY_MS = 86_400_000;
// Rows per INSERT (under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters), and per transaction.
const ROWS_PER_STATEMENT = 1_000;
const NOMINATIONS_PER_TRANSACTION = 5_000;
const CATEGORIES = ['presence', 'relational', 'recovery', 'initiative', 'partnership', 'elan'];
const NAMES = [
  'Zoë',
  'Karim',
  'Éloïse',
  'Nguyễn',
  'Олена',
  'محمد',
  'יעל',
  'अनीता',
  '美玲',
  'さくら',
  '지민',
  'Jean-François',
  'Siobhán',
  'Mateo',
  'Aïcha',
  'Björn',
];

/** A small seeded generator (mulberry32): the same history on every run, so runs compare. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

async function insertAll<T extends keyof Database>(db: Kysely<Database>, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + ROWS_PER_STATEMENT) as never)
      .execute();
  }
}

/** Inserts the history; returns what the bench needs to read it back. */
export async function seedWall(db: Kysely<Database>, options: WallSeedOptions = {}): Promise<WallSeed> {
  const awardCount = options.awards ?? 100_000;
  const workplaceCount = options.workplaces ?? 50;
  const now = (options.now ?? new Date()).getTime();
  const span = (options.months ?? 24) * 30 * DAY_MS;
  const rand = random(20_261_122);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const at = iso(now);

  const workplaces = Array.from({ length: workplaceCount }, (_, i) => ({
    id: idFrom(now - span - DAY_MS + i),
    slug: `atelier-${String(i + 1).padStart(2, '0')}`,
  }));
  await insertAll(
    db,
    'workplaces',
    workplaces.map((w, i) => ({
      id: w.id,
      slug: w.slug,
      name: `Atelier ${i + 1}`,
      city: pick(['Montréal', 'Québec', 'Sherbrooke', 'Gatineau', 'Rimouski']),
      public_wall: i === 0 ? 1 : 0,
      lang: 'fr',
      created_at: at,
      updated_at: at,
    })),
  );
  const admin = await addSignedInUser(db, { role: 'admin', email: 'bench.admin@example.org', now: new Date(now) });
  const manager = await addSignedInUser(db, {
    role: 'manager',
    email: 'bench.manager@example.org',
    workplaceIds: [workplaces[0]!.id],
    now: new Date(now),
  });

  // Beside the approved ones: some declined, some withdrawn, and a few still waiting (recent).
  const outcomes: ('approved' | 'declined' | 'withdrawn' | 'submitted')[] = [
    ...Array<'approved'>(awardCount).fill('approved'),
    ...Array<'declined'>(Math.round(awardCount * 0.05)).fill('declined'),
    ...Array<'withdrawn'>(Math.round(awardCount * 0.02)).fill('withdrawn'),
    ...Array<'submitted'>(Math.round(awardCount * 0.01)).fill('submitted'),
  ];
  const nominations = outcomes
    .map((outcome) => ({ outcome, created: outcome === 'submitted' ? now - rand() * 30 * DAY_MS : now - 2 * DAY_MS - rand() * span }))
    .sort((a, b) => a.created - b.created);

  let events = 0;
  for (let start = 0; start < nominations.length; start += NOMINATIONS_PER_TRANSACTION) {
    const nominationRows: Insertable<NominationsTable>[] = [];
    const eventRows: Insertable<NominationEventsTable>[] = [];
    const awardRows: Insertable<AwardsTable>[] = [];
    for (const { outcome, created } of nominations.slice(start, start + NOMINATIONS_PER_TRANSACTION)) {
      const id = idFrom(Math.floor(created));
      const workplace = pick(workplaces);
      const category = pick(CATEGORIES);
      const name = pick(NAMES);
      const momentDate = iso(created - Math.floor(rand() * 3) * DAY_MS).slice(0, 10);
      const consent = rand() < 0.7 ? 1 : 0;
      const status = outcome === 'approved' ? 'approved' : outcome;
      nominationRows.push({
        id,
        workplace_id: workplace.id,
        workplace_name: null,
        workplace_city: null,
        staff_first_name: name,
        staff_role: rand() < 0.3 ? 'caissière' : null,
        moment_date: momentDate,
        moment_place: null,
        category_slug: category,
        story: 'Elle a pris le temps de tout m’expliquer, sans jamais me presser, et elle a souri du début à la fin.',
        nominator_name: null,
        nominator_email: null,
        public_story_consent: consent,
        lang: 'fr',
        status,
        withdraw_token_hash: null,
        created_at: iso(created),
        updated_at: iso(created),
      });
      eventRows.push({
        id: idFrom(Math.floor(created)),
        nomination_id: id,
        type: 'submitted',
        actor: 'nominator',
        reason: null,
        data: null,
        created_at: iso(created),
      });
      if (outcome === 'submitted') continue;
      // Most are decided within the review window; some take longer.
      const delay = outcome === 'withdrawn' ? rand() * DAY_MS : rand() < 0.85 ? (0.05 + rand() * 10) * DAY_MS : (14 + rand() * 26) * DAY_MS;
      const decided = Math.min(Math.floor(created + delay), now - 60_000);
      const decidedAt = iso(decided);
      eventRows.push({
        id: idFrom(decided),
        nomination_id: id,
        type: outcome,
        actor: outcome === 'withdrawn' ? 'nominator' : `user:${manager.id}`,
        reason: outcome === 'declined' ? 'Pas de notre équipe' : null,
        data: null,
        created_at: decidedAt,
      });
      if (outcome !== 'approved') continue;
      const roll = rand();
      const awardStatus = roll < 0.6 ? 'claimed' : roll < 0.95 ? 'approved' : roll < 0.98 ? 'revoked' : 'erased';
      const wasClaimed = awardStatus !== 'approved';
      const issued = wasClaimed ? iso(Math.min(decided + Math.floor(rand() * 5 * DAY_MS), now - 1000)) : null;
      const publicPage = awardStatus === 'claimed' && rand() < 0.7 ? 1 : 0;
      awardRows.push({
        id: idFrom(decided),
        nomination_id: id,
        workplace_id: workplace.id,
        category_slug: category,
        staff_first_name: name,
        moment_date: momentDate,
        status: awardStatus,
        claim_token_hash: awardStatus === 'approved' ? sha256Hex(`${id}-claim`) : null,
        claim_expires_at: awardStatus === 'approved' ? iso(decided + 90 * DAY_MS) : null,
        lang: 'fr',
        created_at: decidedAt,
        updated_at: issued ?? decidedAt,
        issued_on: issued,
        recipient_identity: null,
        recipient_salt: null,
        public_page: publicPage,
        show_story: publicPage === 1 && rand() < 0.5 ? 1 : 0,
        manage_token_hash: null,
        revoked_at: awardStatus === 'revoked' || awardStatus === 'erased' ? issued : null,
        revocation_reason: awardStatus === 'revoked' ? 'Remis par erreur' : null,
        ob3_credential: null,
      });
      if (issued)
        eventRows.push({
          id: idFrom(Date.parse(issued)),
          nomination_id: id,
          type: 'claimed',
          actor: 'employee',
          reason: null,
          data: null,
          created_at: issued,
        });
    }
    await db.transaction().execute(async (trx) => {
      await insertAll(trx, 'nominations', nominationRows);
      await insertAll(trx, 'nomination_events', eventRows);
      await insertAll(trx, 'awards', awardRows);
    });
    events += eventRows.length;
  }
  return {
    workplaces,
    adminCookie: admin.cookie,
    managerCookie: manager.cookie,
    awards: awardCount,
    nominations: nominations.length,
    events,
  };
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? 'sqlite:./data/elan.db';
  const handle = await connectDatabase(url);
  try {
    await migrateToLatest(handle.db);
    const started = performance.now();
    const seed = await seedWall(handle.db);
    process.stdout.write(
      [
        `Seeded ${seed.awards} awards, ${seed.nominations} nominations and ${seed.events} events across ${seed.workplaces.length} workplaces in ${Math.round(performance.now() - started)} ms.`,
        `Admin:   ${seed.adminCookie}`,
        `Manager: ${seed.managerCookie} (of ${seed.workplaces[0]!.slug})`,
        '',
      ].join('\n'),
    );
  } finally {
    await handle.destroy();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
