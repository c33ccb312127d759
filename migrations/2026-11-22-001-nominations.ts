import type { Kysely } from 'kysely';

// Frozen in time: this migration never imports app code and is never edited once released.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('workplaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('public_wall', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('fr'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('categories')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('name_fr', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('description_fr', 'text', (c) => c.notNull())
    .addColumn('description_en', 'text', (c) => c.notNull())
    .addColumn('criteria_fr', 'text', (c) => c.notNull())
    .addColumn('criteria_en', 'text', (c) => c.notNull())
    .addColumn('color', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('nominations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workplace_id', 'text', (c) => c.references('workplaces.id'))
    .addColumn('workplace_name', 'text')
    .addColumn('workplace_city', 'text')
    .addColumn('staff_first_name', 'text', (c) => c.notNull())
    .addColumn('staff_role', 'text')
    .addColumn('moment_date', 'text', (c) => c.notNull())
    .addColumn('moment_place', 'text')
    .addColumn('category_slug', 'text', (c) => c.notNull().references('categories.slug'))
    .addColumn('story', 'text', (c) => c.notNull())
    .addColumn('nominator_name', 'text')
    .addColumn('nominator_email', 'text')
    .addColumn('public_story_consent', 'integer', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('withdraw_token_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('nominations_workplace_status').on('nominations').columns(['workplace_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('nominations_status_created').on('nominations').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('nomination_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('nomination_id', 'text', (c) => c.notNull().references('nominations.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('data', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('nomination_events_nomination').on('nomination_events').columns(['nomination_id', 'id']).execute();

  await db.schema
    .createTable('rate_limit_hits')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'integer', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('rate_limit_hits_pk', ['key', 'window_start'])
    .execute();
  await db.schema.createIndex('rate_limit_hits_window').on('rate_limit_hits').column('window_start').execute();

  const now = new Date().toISOString();
  await db
    .insertInto('categories')
    .values(DEFAULT_CATEGORIES.map((c, i) => ({ ...c, position: i + 1, created_at: now, updated_at: now })))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['rate_limit_hits', 'nomination_events', 'nominations', 'categories', 'workplaces', 'settings']) {
    await db.schema.dropTable(table).execute();
  }
}

const DEFAULT_CATEGORIES = [
  {
    slug: 'presence',
    color: '#1f6f8b',
    name_fr: 'Présence',
    name_en: 'Presence',
    description_fr: 'Entièrement là pour la personne servie, à son rythme et à sa façon.',
    description_en: 'Fully there for the person being served, at their pace and in their way.',
    criteria_fr:
      "Pendant un moment de service, la personne a mis de côté le script et la file d'attente pour écouter vraiment : elle a remarqué les mots comme les gestes du client et ajusté sa façon de faire à ce qu'elle percevait.",
    criteria_en:
      'During a moment of service, this person set the script and the queue aside to truly listen: they noticed the customer’s words as well as their gestures, and adjusted what they did to what they sensed.',
  },
  {
    slug: 'relational',
    color: '#c2410c',
    name_fr: 'Relationnel',
    name_en: 'Relational',
    description_fr: 'Courtoisie, attention et chaleur au-delà de ce que la tâche demandait.',
    description_en: 'Courtesy, attention and warmth beyond what the task called for.',
    criteria_fr:
      "Au-delà du travail à accomplir, la personne a pris soin de la relation : un accueil sincère, un mot juste, une attention qui a fait sentir au client qu'il comptait.",
    criteria_en:
      'Beyond the job to be done, this person cared for the relationship: a sincere welcome, the right word, an attention that made the customer feel they mattered.',
  },
  {
    slug: 'recovery',
    color: '#15803d',
    name_fr: 'Rattrapage',
    name_en: 'Recovery',
    description_fr: 'A reconnu une erreur, l’a réparée et a fait le suivi.',
    description_en: 'Owned a mistake, put it right and followed up.',
    criteria_fr:
      "Devant un problème, la personne en a pris la responsabilité sans chercher de coupable, l'a réglé, s'est assurée ensuite que tout allait bien et a souvent ajouté un geste de bonne volonté.",
    criteria_en:
      'Faced with a problem, this person took responsibility without looking for someone to blame, solved it, checked afterwards that all was well, and often added a gesture of goodwill.',
  },
  {
    slug: 'initiative',
    color: '#6d28d9',
    name_fr: 'Initiative',
    name_en: 'Initiative',
    description_fr: 'A vu venir un besoin avant qu’on le demande.',
    description_en: 'Saw a need coming before anyone asked.',
    criteria_fr: "Sans attendre qu'on le lui demande, la personne a anticipé ce dont le client aurait besoin et l'a offert au bon moment.",
    criteria_en: 'Without waiting to be asked, this person anticipated what the customer would need and offered it at the right moment.',
  },
  {
    slug: 'partnership',
    color: '#b45309',
    name_fr: 'Partenariat',
    name_en: 'Partnership',
    description_fr: 'A travaillé avec d’autres équipes pour bien servir le client.',
    description_en: 'Worked with other teams to serve the customer well.',
    criteria_fr:
      "La personne a franchi les frontières entre services ou équipes, a trouvé le bon collègue et a porté la demande jusqu'au bout pour que le client n'ait pas à le faire.",
    criteria_en:
      'This person crossed the lines between departments or teams, found the right colleague and carried the request through so that the customer did not have to.',
  },
  {
    slug: 'elan',
    color: '#be123c',
    name_fr: 'Élan',
    name_en: 'Élan',
    description_fr: 'Un beau moment de service qui n’entre dans aucune case.',
    description_en: 'A fine moment of service that fits no single box.',
    criteria_fr:
      "Un moment de service remarquable, reconnu par un client, qui ne se range dans aucune autre catégorie et mérite d'être souligné.",
    criteria_en:
      'A remarkable moment of service, recognised by a customer, that belongs in no other category and deserves to be celebrated.',
  },
];
