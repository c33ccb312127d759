import type { Migration } from 'kysely';
import * as m001 from './2026-11-22-001-nominations.ts';
import * as m002 from './2026-11-22-002-accounts.ts';
import * as m003 from './2026-11-22-003-outbox.ts';
import * as m004 from './2026-11-22-004-awards.ts';
import * as m005 from './2026-11-22-005-badge-images.ts';
import * as m006 from './2026-11-22-006-signing-keys.ts';
import * as m007 from './2026-11-22-007-claims.ts';
import * as m008 from './2026-11-22-008-wall-indexes.ts';
import * as m009 from './2026-11-22-009-insight-tallies.ts';
import * as m010 from './2026-12-07-010-award-revisions.ts';
import * as m011 from './2026-12-07-011-withdraw-links.ts';
import * as m012 from './2026-12-08-012-account-access.ts';
import * as m013 from './2026-12-08-013-password-resets.ts';
import * as m014 from './2026-12-08-014-outbox-secrets.ts';
import * as m015 from './2026-12-08-015-challenges.ts';
import * as m016 from './2026-12-08-016-employee-space.ts';

/** Every migration, by name; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '2026-11-22-001-nominations': m001,
  '2026-11-22-002-accounts': m002,
  '2026-11-22-003-outbox': m003,
  '2026-11-22-004-awards': m004,
  '2026-11-22-005-badge-images': m005,
  '2026-11-22-006-signing-keys': m006,
  '2026-11-22-007-claims': m007,
  '2026-11-22-008-wall-indexes': m008,
  '2026-11-22-009-insight-tallies': m009,
  '2026-12-07-010-award-revisions': m010,
  '2026-12-07-011-withdraw-links': m011,
  '2026-12-08-012-account-access': m012,
  '2026-12-08-013-password-resets': m013,
  '2026-12-08-015-challenges': m015,
  '2026-12-08-014-outbox-secrets': m014,
  '2026-12-08-016-employee-space': m016,
};
