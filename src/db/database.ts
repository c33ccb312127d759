import type { Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
// The statuses are the nomination lifecycle's, declared beside its transitions.
import type { AwardStatus, NominationEventType, NominationStatus } from '../nominations/nomination-lifecycle.ts';

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
  withdraw_links_before_011: WithdrawLinksBefore011Table;
  rate_limit_hits: RateLimitHitsTable;
  spent_challenges: SpentChallengesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  invites: InvitesTable;
  password_resets: PasswordResetsTable;
  workplace_managers: WorkplaceManagersTable;
  awards: AwardsTable;
  badge_images: BadgeImagesTable;
  outbox: OutboxTable;
  signing_keys: SigningKeysTable;
  status_lists: StatusListsTable;
  status_list_entries: StatusListEntriesTable;
  award_month_counts: AwardMonthCountsTable;
  nomination_decisions: NominationDecisionsTable;
}

/**
 * Shown awards (approved or claimed) by workplace ('' for none), month made (YYYY-MM) and category:
 * a tally kept by triggers as awards are written (migration 009), read by the insights.
 */
export interface AwardMonthCountsTable {
  workplace_id: string;
  month: string;
  category_slug: string;
  awards: number;
}

/** Each decision in the event log, with its nomination's workplace, when it came in, and how long it waited; kept by triggers. */
export interface NominationDecisionsTable {
  event_id: string;
  nomination_id: string;
  workplace_id: string | null;
  received_at: string;
  decided_at: string;
  review_ms: number;
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
  status: NominationStatus;
  withdraw_token_hash: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * The private links sent before migration 011, which were the secret alone (the links since carry
 * the nomination's id): each one's hash and its nomination. Never written again.
 */
export interface WithdrawLinksBefore011Table {
  token_hash: string;
  nomination_id: string;
}

export interface NominationEventsTable {
  /** Time-ordered id: sorting by id is sorting by time. */
  id: string;
  nomination_id: string;
  type: NominationEventType;
  /** Who: 'nominator', 'employee', 'system', or 'user:<id>'. */
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

/** A proof-of-work challenge a nomination used, kept until it expires so nobody uses it twice. */
export interface SpentChallengesTable {
  /** The challenge's hash, as issued (hex). */
  challenge: string;
  expires_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  /** scrypt hash; null until the person sets a password through their invite. */
  password_hash: string | null;
  role: 'admin' | 'manager';
  lang: string;
  created_at: string;
  updated_at: string;
  /** When an admin disabled the account: it signs in no more, and its sessions and tokens ended then. */
  disabled_at: string | null;
}

export interface SessionsTable {
  /** What an admin names a session by (ending it); the token's hash never leaves the database. */
  id: string;
  /** SHA-256 of the cookie's token: a copy of the table opens no session. */
  token_hash: string;
  user_id: string;
  created_at: string;
  /** Moved on when the session is used, at most about once a minute. */
  last_seen_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  token_hash: string;
  user_id: string;
  name: string;
  created_at: string;
  /** A token stops working then (90 days after it was made, unless its maker chose otherwise). */
  expires_at: string;
  /** Moved on when the token is used, at most about once a minute. */
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface InvitesTable {
  id: string;
  token_hash: string;
  email: string;
  role: 'admin' | 'manager';
  /** The workplace a manager is invited to; null for the first admin's setup link. */
  workplace_id: string | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A mailed link to choose a new password: valid 30 minutes, usable once. */
export interface PasswordResetsTable {
  id: string;
  /** SHA-256 of the link's token: a copy of the table opens nothing. */
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface WorkplaceManagersTable {
  workplace_id: string;
  user_id: string;
  created_at: string;
}

export interface AwardsTable {
  id: string;
  nomination_id: string;
  workplace_id: string | null;
  category_slug: string;
  staff_first_name: string;
  moment_date: string;
  status: AwardStatus;
  /** SHA-256 of the private claim link's token; null once claimed. */
  claim_token_hash: string | null;
  claim_expires_at: string | null;
  /** Language of the badge and credential. */
  lang: string;
  created_at: string;
  updated_at: string;
  /** When the credentials were minted (the claim), ISO-8601 with a timezone. */
  issued_on: string | null;
  /** `sha256$…` of the claimed email and the salt, as both credentials carry it; never the email. */
  recipient_identity: string | null;
  recipient_salt: string | null;
  /** HMAC under the instance's key of the trimmed, lower-cased email: finds an employee's badges; never the email. */
  recipient_key: string | null;
  /** The employee's choices at claim: a public page, and the story on it. */
  public_page: Generated<number>;
  show_story: Generated<number>;
  /** SHA-256 of the employee's private link to manage (delete) their badge. */
  manage_token_hash: string | null;
  revoked_at: string | null;
  revocation_reason: string | null;
  /** The signed Open Badges 3.0 credential, JSON. */
  ob3_credential: string | null;
  /**
   * Moved on by the database (triggers, migration 010) whenever this row, its nomination's, its
   * workplace's name or one of its stored images changes: what is kept from those rows is current
   * while this is unchanged.
   */
  revision: Generated<number>;
}

export interface BadgeImagesTable {
  award_id: string;
  /** 'badge' (600×600, the Open Badges image) or 'card' (1200×630, the share card). */
  kind: 'badge' | 'card';
  lang: string;
  /** TEMPLATE_VERSION of templates/ when drawn: an older one is drawn again. */
  template_version: number;
  /** SHA-256 of the PNG, hex: the ETag. */
  content_hash: string;
  /** The PNG (blob on SQLite, bytea on PostgreSQL; both drivers return a Buffer). */
  png: Uint8Array;
  created_at: string;
}

export interface OutboxTable {
  id: string;
  /** Emptied once a message marked forget_after_sending leaves the outbox (sent, logged, dropped or failed). */
  to_address: string;
  lang: string;
  /** Which message this is (templates.ts), for the record and for tests. */
  template: string;
  subject: string;
  /** Both bodies are emptied once the message leaves the outbox: a link in one may grant something. */
  text_body: string;
  html_body: string;
  /** 1 for mail whose address must not outlive its delivery (an employee's, typed by a reviewer). */
  forget_after_sending: number;
  /**
   * 'pending' (to send), 'sent', 'logged' (no SMTP_URL: written to the log), 'dropped' (its recipient had
   * had their share, MAIL_RATE_LIMIT), 'failed' (gave up; kept).
   */
  status: 'pending' | 'sent' | 'logged' | 'dropped' | 'failed';
  attempts: number;
  next_attempt_at: string;
  /** A process claims a message until this time before sending it, so no two processes send it. */
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface SigningKeysTable {
  /** The key's fragment in the DID document: `did:web:…#<id>`. */
  id: string;
  public_key_multibase: string;
  /** Kept in the database so that every app process signs with the same key. */
  secret_key_multibase: string;
  created_at: string;
  /** Set when a rotation replaces the key; the key stays in the DID document so what it signed still verifies. */
  retired_at: string | null;
}

export interface StatusListsTable {
  /** 1, 2, …: the list's number in its URL. */
  id: number;
  url: string;
  /** 'revocation'. */
  status_purpose: string;
  length: number;
  /** Multibase ('u') base64url of the GZIP-compressed bitstring. */
  encoded_list: string;
  assigned_count: number;
  /** The signed BitstringStatusListCredential, JSON. */
  credential: string;
  created_at: string;
  updated_at: string;
}

export interface StatusListEntriesTable {
  list_id: number;
  status_index: number;
  /** The credential that holds this index. */
  credential_id: string;
  created_at: string;
}

export type Award = Selectable<AwardsTable>;
export type NewAward = Insertable<AwardsTable>;
export type User = Selectable<UsersTable>;
export type Invite = Selectable<InvitesTable>;
export type PasswordReset = Selectable<PasswordResetsTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type Workplace = Selectable<WorkplacesTable>;
export type NewWorkplace = Insertable<WorkplacesTable>;
export type WorkplaceUpdate = Updateable<WorkplacesTable>;
export type Category = Selectable<CategoriesTable>;
export type NewCategory = Insertable<CategoriesTable>;
export type Nomination = Selectable<NominationsTable>;
export type NewNomination = Insertable<NominationsTable>;
export type NominationEvent = Selectable<NominationEventsTable>;
export type NewNominationEvent = Insertable<NominationEventsTable>;
export type OutboxMessage = Selectable<OutboxTable>;

/** What a query function runs on: the database, or a transaction of it. */
export type Db = Kysely<Database> | Transaction<Database>;
