import { createHmac } from 'node:crypto';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import { z } from 'zod';
import type { MessageKey } from '../i18n/index.ts';

// The proof of work the nomination form and API may ask for (NOMINATION_CHALLENGE=on), in ALTCHA's
// protocol (version 1: the challenge is `{algorithm, challenge, salt, signature, maxnumber}`, the
// answer the base64 JSON of it with the `number` found). The salt carries the expiry, and the
// signature covers the salt, so neither can be changed by the client.

/** How long a challenge may be solved and sent. */
export const CHALLENGE_LIFETIME_MS = 10 * 60_000;

// The largest number a challenge hides: a phone finds it in about a second, while a script
// sending thousands of nominations pays that second thousands of times.
const MAX_NUMBER = 100_000;

/** A challenge as GET /api/v1/challenge answers it. */
export type Challenge = { algorithm: 'SHA-256'; challenge: string; maxnumber: number; salt: string; signature: string };

/** A solution that passed every check but the one against reuse, which the nomination's transaction makes. */
export type Solved = { challenge: string; expiresAt: Date };

/** A solution checked: solved, or the message naming what is wrong with it. */
export type CheckedSolution = { ok: true; solved: Solved } | { ok: false; problem: MessageKey };

/**
 * The key challenges are signed with, derived from the instance's secret (the key of its keyed
 * hashes) rather than that secret itself, so a signature never serves as a hash of an address.
 */
export function challengeKey(secret: string): string {
  return createHmac('sha256', secret).update('altcha challenge v1').digest('hex');
}

/** A new challenge, signed with the instance's key and expiring CHALLENGE_LIFETIME_MS after `now`. */
export async function newChallenge(secret: string, now: Date): Promise<Challenge> {
  const made = await createChallenge({
    algorithm: 'SHA-256',
    hmacKey: challengeKey(secret),
    maxnumber: MAX_NUMBER,
    expires: new Date(now.getTime() + CHALLENGE_LIFETIME_MS),
  });
  return { algorithm: 'SHA-256', challenge: made.challenge, maxnumber: MAX_NUMBER, salt: made.salt, signature: made.signature };
}

// What a solved challenge holds; the widget adds fields of its own (`took`), which are let through.
const HEX64 = /^[0-9a-f]{64}$/;
const solutionPayload = z.object({
  algorithm: z.literal('SHA-256'),
  challenge: z.string().regex(HEX64),
  number: z.number().int().min(0).max(MAX_NUMBER),
  salt: z.string().max(200),
  signature: z.string().regex(HEX64),
});

/**
 * Checks the `altcha` field at `now`: present, the base64 JSON of a solved challenge, signed with
 * this instance's key, its number the one hidden, not expired. Whether it was used before is the
 * database's to say (spendChallenge), at the moment the nomination is written.
 */
export async function checkSolution(secret: string, field: unknown, now: Date): Promise<CheckedSolution> {
  if (field === undefined || field === null || field === '') return { ok: false, problem: 'challenge.missing' };
  if (typeof field !== 'string' || field.length > 1000 || !/^[A-Za-z0-9+/]+={0,2}$/.test(field)) return invalid;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(field, 'base64').toString('utf8'));
  } catch {
    return invalid;
  }
  const payload = solutionPayload.safeParse(decoded);
  if (!payload.success) return invalid;
  // The expiry is judged below against the context's clock, not the library's Date.now().
  if (!(await verifySolution(payload.data, challengeKey(secret), false))) return invalid;
  const expires = Number(extractParams(payload.data).expires);
  // Every challenge this instance signs carries its expiry; one without would be a signed oddity, refused.
  if (!Number.isSafeInteger(expires)) return invalid;
  const expiresAt = new Date(expires * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, problem: 'challenge.expired' };
  return { ok: true, solved: { challenge: payload.data.challenge, expiresAt } };
}

const invalid: CheckedSolution = { ok: false, problem: 'challenge.invalid' };

/**
 * Splits a nomination's body into the `altcha` field and the nomination itself, so the
 * nomination's schema (strict: it names unknown fields) judges the rest whether the check is on or off.
 */
export function takeSolution(raw: unknown): { solution: unknown; nomination: unknown } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !Object.hasOwn(raw, 'altcha')) {
    return { solution: undefined, nomination: raw };
  }
  const { altcha, ...nomination } = raw as Record<string, unknown>;
  return { solution: altcha, nomination };
}
