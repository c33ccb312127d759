import type { MessageKey } from '../i18n/index.ts';
import { AppError } from '../lib/errors.ts';

/** What a mailed link's row says of its life: used once, dead after its expiry. */
type OneTimeLink = { used_at: string | null; expires_at: string };

/** The messages a link of one kind answers with when it is unknown (404), used or expired (410). */
export type LinkRefusals = { code: string; unknown: MessageKey; used: MessageKey; expired: MessageKey };

/** The refusal of a link that has been used (said first), or has expired by `now` (ISO). */
export function deadLinkError(link: OneTimeLink, now: string, refusals: LinkRefusals): AppError {
  return link.used_at === null && link.expires_at <= now
    ? new AppError(`${refusals.code}_expired`, 410, refusals.expired)
    : new AppError(`${refusals.code}_used`, 410, refusals.used);
}

/** The row of a link that still works (found, unused, not expired by `now`); otherwise a clear 404 or 410. */
export function liveLink<T extends OneTimeLink>(link: T | undefined, now: Date, refusals: LinkRefusals): T {
  if (!link) throw new AppError(`${refusals.code}_unknown`, 404, refusals.unknown);
  const at = now.toISOString();
  if (link.used_at || link.expires_at <= at) throw deadLinkError(link, at, refusals);
  return link;
}
