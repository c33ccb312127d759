import { findCategory } from '../categories/category-queries.ts';
import type { AppContext } from '../context.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';
import { AppError } from '../lib/errors.ts';
import { keyedHash } from '../lib/ids.ts';
import { hitRateLimit } from '../rate-limit/rate-limit.ts';
import { checkJsonBudget, checkJsonTextBudget, wrappedBudget } from './json-budget.ts';
import { type HostedAssertion, ob2Urls } from './ob2/ob2-documents.ts';
import { hashEmail } from './ob3/credential.ts';
import { loadOb3Issuer } from './ob3/ob3-issuer.ts';
import { checkPngImage, PngError, unbakePng } from './png-chunks.ts';

export type VerifyCheck = { name: string; ok: boolean; message: string };
export type VerifyResult = {
  valid: boolean;
  /** 'ob3' when an OB 3.0 credential was checked (a baked PNG carries both), 'ob2' for a 2.0 assertion alone. */
  format: 'ob2' | 'ob3' | 'unknown';
  formats: ('ob2' | 'ob3')[];
  verdict: 'valid' | 'revoked' | 'tampered' | 'unknown' | 'invalid';
  checks: VerifyCheck[];
  revoked: boolean;
};

/**
 * Finds the hosted 2.0 assertion of one of this instance's awards, or null. The wiring passes it in
 * (see createApp): awards sit above the standards layer, which does not read their rows itself.
 */
export type FindHostedAssertion = (awardId: string) => Promise<HostedAssertion | null>;

export type VerifyInput = { png: Uint8Array } | { json: string } | { url: string } | { credential: unknown };

/**
 * Why an upload cannot be verified at all: too large, not a kind of file Élan reads, a PNG that is not sound, or
 * a document too complex to check (past the JSON budget).
 */
export class VerifyInputError extends Error {
  constructor(readonly messageKey: 'verify.tooLarge' | 'verify.badType' | 'verify.badPng' | 'verify.tooComplex') {
    super(messageKey);
  }
}

/** Counts one verification for the client's address; past VERIFY_RATE_LIMIT, a 429 with Retry-After. */
export async function countVerification(ctx: AppContext, clientAddress: string): Promise<void> {
  const key = `verify:${keyedHash(ctx.hashKey, clientAddress)}`;
  const result = await hitRateLimit(ctx.db, key, ctx.config.verifyRateLimit, ctx.clock.now());
  if (!result.allowed) {
    throw new AppError('rate_limited', 429, 'verify.rateLimited', undefined, { 'Retry-After': String(result.retryAfterSeconds) });
  }
}

// Every document is weighed right after it is parsed, before any JSON-LD work: anyone may send one.
function withinBudget<T>(value: T): T {
  if (checkJsonBudget(value) !== null) throw new VerifyInputError('verify.tooComplex');
  return value;
}

/**
 * Weighs JSON text before it is parsed, so a padded document costs a scan of its first kilobytes rather than a
 * parse of all of it (docs/performance.md); `levels` of wrapper around the document (`{"credential": …}`) are
 * allowed for. The parsed document is weighed exactly again by withinBudget.
 */
export function textWithinBudget(text: string, levels = 0): void {
  if (checkJsonTextBudget(text, wrappedBudget(levels)) !== null) throw new VerifyInputError('verify.tooComplex');
}

/**
 * Checks a badge step by step: a baked PNG (either or both credentials), a JSON assertion or
 * credential, or an assertion URL. Only this instance's own documents are looked up; nothing is
 * fetched from another host.
 */
export async function verifyBadge(
  ctx: AppContext,
  findHostedAssertion: FindHostedAssertion,
  input: VerifyInput,
  t: Translate,
  email?: string | null,
): Promise<VerifyResult> {
  const found: { ob2?: unknown; ob3?: unknown } = {};
  const checks: VerifyCheck[] = [];
  if ('png' in input) {
    let texts: Record<string, string>;
    try {
      // A file that is not a sound image of a sensible size is refused before anything in it is read.
      await checkPngImage(input.png);
      texts = unbakePng(input.png);
    } catch (error) {
      if (error instanceof PngError) throw new VerifyInputError('verify.badPng');
      throw error;
    }
    if (texts.openbadges !== undefined) found.ob2 = withinBudget(parseMaybeJson(texts.openbadges));
    if (texts.openbadgecredential !== undefined) found.ob3 = withinBudget(parseMaybeJson(texts.openbadgecredential));
  } else {
    const value = withinBudget('url' in input ? input.url : 'json' in input ? parseMaybeJson(input.json) : input.credential);
    if (value === undefined) return finish([{ name: 'found', ok: false, message: t('verify.check.found.badJson') }], [], false);
    if (isOb3(value)) found.ob3 = value;
    else found.ob2 = value;
  }
  if (found.ob2 === undefined && found.ob3 === undefined) {
    return finish([{ name: 'found', ok: false, message: t('verify.check.found.missing') }], [], false);
  }
  checks.push({ name: 'found', ok: true, message: t('verify.check.found.ok') });

  let revoked = false;
  let tampered = false;
  let unknown = false;
  const formats: ('ob2' | 'ob3')[] = [];
  if (found.ob2 !== undefined) {
    formats.push('ob2');
    const result = await verifyOb2(ctx, findHostedAssertion, found.ob2, t, email ?? null);
    checks.push(...result.checks);
    revoked ||= result.revoked;
    tampered ||= result.tampered;
    unknown ||= result.unknown;
  }
  if (found.ob3 !== undefined) {
    formats.push('ob3');
    // Checked on the pool's threads: a proof over a document from anyone is CPU work.
    const issuer = await loadOb3Issuer(ctx.db, ctx.config.publicUrl, ctx.pool, ctx.clock);
    const result = await issuer.verify(found.ob3, ctx.clock.now());
    for (const check of result.checks) {
      checks.push({ name: `ob3.${check.name}`, ok: check.ok, message: t(`ob3.check.${check.outcome}` as MessageKey) });
    }
    revoked ||= result.revoked === true;
    tampered ||= result.verdict === 'tampered';
    unknown ||= result.verdict === 'unknown-issuer';
    if (email) checks.push(recipientMatch(found.ob3, email, t));
  }
  return finish(checks, formats, revoked, tampered, unknown);
}

function finish(checks: VerifyCheck[], formats: ('ob2' | 'ob3')[], revoked: boolean, tampered = false, unknown = false): VerifyResult {
  const valid = formats.length > 0 && checks.every((c) => c.ok);
  const verdict = valid ? 'valid' : revoked ? 'revoked' : tampered ? 'tampered' : unknown || formats.length === 0 ? 'unknown' : 'invalid';
  return {
    valid,
    format: formats.includes('ob3') ? 'ob3' : formats.includes('ob2') ? 'ob2' : 'unknown',
    formats,
    verdict,
    checks,
    revoked,
  };
}

function parseMaybeJson(text: string): unknown {
  const trimmed = text.trim();
  if (/^https?:\/\//.test(trimmed)) return trimmed;
  textWithinBudget(trimmed);
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

function isOb3(value: unknown): boolean {
  const type = (value as { type?: unknown } | null)?.type;
  return Array.isArray(type) && type.includes('VerifiableCredential');
}

function recipientMatch(credential: unknown, email: string, t: Translate): VerifyCheck {
  const identifier = (credential as { credentialSubject?: { identifier?: { identityHash?: unknown; salt?: unknown }[] } }).credentialSubject
    ?.identifier?.[0];
  // The credential is whatever was sent: a salt that is not text matches no email (and must not reach string concatenation).
  const salt = identifier?.salt ?? '';
  const ok =
    typeof identifier?.identityHash === 'string' &&
    typeof salt === 'string' &&
    hashEmail(email.trim().toLowerCase(), salt) === identifier.identityHash;
  return { name: 'ob3.recipient', ok, message: t(ok ? 'verify.check.recipient.matches' : 'verify.check.recipient.mismatch') };
}

/** The OB 2.0 steps: find the hosted copy here, compare, resolve badge class and issuer, recipient, revocation, expiry. */
async function verifyOb2(ctx: AppContext, findHostedAssertion: FindHostedAssertion, given: unknown, t: Translate, email: string | null) {
  const checks: VerifyCheck[] = [];
  const out = (revoked = false, tampered = false, unknown = false) => ({ checks, revoked, tampered, unknown });
  const id = typeof given === 'string' ? given : typeof (given as { id?: unknown })?.id === 'string' ? (given as { id: string }).id : null;
  const prefix = `${ob2Urls(ctx.config.publicUrl).assertion('')}`;
  if (!id?.startsWith(prefix)) {
    checks.push({
      name: 'hosted',
      ok: false,
      message: t(id && /^https?:/.test(id) ? 'verify.check.hosted.otherHost' : 'verify.check.hosted.missing'),
    });
    return out(false, false, true);
  }
  const hosted = withinBudget(await findHostedAssertion(id.slice(prefix.length).split(/[?#]/)[0] ?? ''));
  if (!hosted) {
    checks.push({ name: 'hosted', ok: false, message: t('verify.check.hosted.missing') });
    return out(false, false, true);
  }
  checks.push({ name: 'hosted', ok: true, message: t('verify.check.hosted.ok') });
  if ('revoked' in hosted && hosted.revoked) {
    checks.push({ name: 'revoked', ok: false, message: t('verify.check.revoked.revoked', { reason: hosted.revocationReason }) });
    return out(true);
  }
  const full = hosted as Exclude<typeof hosted, { revoked: true }> & {
    recipient: { identity: string; salt: string };
    badge: string;
    issuedOn: string;
    expires?: string;
  };
  if (typeof given === 'object' && given !== null) {
    const same = sameJson(given, JSON.parse(JSON.stringify(full)));
    checks.push({ name: 'matches', ok: same, message: t(same ? 'verify.check.matches.ok' : 'verify.check.matches.tampered') });
    if (!same) return out(false, true);
  }
  const slug = full.badge.slice(`${ctx.config.publicUrl}/ob2/badges/`.length).split(/[?#]/)[0] ?? '';
  const category = full.badge.startsWith(`${ctx.config.publicUrl}/ob2/badges/`) ? await findCategory(ctx.db, slug) : undefined;
  checks.push({
    name: 'badgeClass',
    ok: !!category,
    message: t(category ? 'verify.check.badgeClass.ok' : 'verify.check.badgeClass.missing'),
  });
  const wellFormed = /^sha256\$[0-9a-f]{64}$/.test(full.recipient.identity);
  checks.push({
    name: 'recipient',
    ok: wellFormed,
    message: t(wellFormed ? 'verify.check.recipient.ok' : 'verify.check.recipient.malformed'),
  });
  if (email) {
    const matches = hashEmail(email.trim().toLowerCase(), full.recipient.salt) === full.recipient.identity;
    checks.push({
      name: 'recipientEmail',
      ok: matches,
      message: t(matches ? 'verify.check.recipient.matches' : 'verify.check.recipient.mismatch'),
    });
  }
  checks.push({ name: 'revoked', ok: true, message: t('verify.check.revoked.ok') });
  const expired = !!full.expires && full.expires <= ctx.clock.now().toISOString();
  checks.push({ name: 'expiry', ok: !expired, message: t(expired ? 'verify.check.expiry.expired' : 'verify.check.expiry.ok') });
  return out();
}

/**
 * Whether two JSON values are equal, whatever the order of object keys. It walks both together, so it
 * goes no deeper than the shallower of the two: a document nested thousands deep, as anyone may send,
 * is compared against the hosted copy's few levels without exhausting the stack.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
