import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The schema, one interface a table. Both engines store the same shapes:
 * timestamps as ISO-8601 text (UTC, with a Z), flags as 0/1 integers, JSON as text.
 */
export interface Database {
  settings: SettingsTable;
  workplaces: WorkplacesTable;
  categories: CategoriesTable;
  nominations: NominationsTable;
  nomination_events: NominationEventsTable;
  rate_limit_hits: RateLimitHitsTable;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface WorkplacesTable {
  id: string;
  slug: string;
  name: string;
  city: string;
  public_wall: number;
  /** The workplace's language for its counter card and mail: 'fr' or 'en'. */
  lang: string;
  created_at: string;
  updated_at: string;
}

export interface CategoriesTable {
  slug: string;
  name_fr: string;
  name_en: string;
  description_fr: string;
  description_en: string;
  criteria_fr: string;
  criteria_en: string;
  /** Main colour of the badge design, #rrggbb. */
  color: string;
  position: number;
  retired_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NominationsTable {
  id: string;
  workplace_id: string | null;
  /** For a workplace not on the platform yet: the name and city the nominator typed. */
  workplace_name: string | null;
  workplace_city: string | null;
  staff_first_name: string;
  staff_role: string | null;
  moment_date: string;
  moment_place: string | null;
  category_slug: string;
  story: string;
  nominator_name: string | null;
  nominator_email: string | null;
  public_story_consent: number;
  lang: string;
  status: string;
  withdraw_token_hash: string | null;
  created_at: string;
  updated_at: string;
}

export interface NominationEventsTable {
  /** Time-ordered id: sorting by id is sorting by time. */
  id: string;
  nomination_id: string;
  type: string;
  /** Who: 'nominator', 'system', or 'user:<id>'. */
  actor: string;
  reason: string | null;
  data: string | null;
  created_at: string;
}

export interface RateLimitHitsTable {
  /** A keyed hash of what is limited (never a plain address). */
  key: string;
  window_start: number;
  hits: Generated<number>;
}

export type Workplace = Selectable<WorkplacesTable>;
export type NewWorkplace = Insertable<WorkplacesTable>;
export type WorkplaceUpdate = Updateable<WorkplacesTable>;
export type Category = Selectable<CategoriesTable>;
export type NewCategory = Insertable<CategoriesTable>;
export type Nomination = Selectable<NominationsTable>;
export type NewNomination = Insertable<NominationsTable>;
export type NominationEvent = Selectable<NominationEventsTable>;
export type NewNominationEvent = Insertable<NominationEventsTable>;
