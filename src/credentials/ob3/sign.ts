import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as vc from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import type { Credential } from './credential.ts';
import { type DocumentLoader, OB_V3_CONTEXT, VC_V2_CONTEXT } from './document-loader.ts';
import { validateOb3Schema } from './schema.ts';
import { type CredentialSuites, createCredentialSuites } from './suites.ts';

/** A signing key together with the DID that controls it (the issuer id it may sign for). */
export type ControlledKey = {
  /** The issuer's DID. */
  controller: string;
  /** The key's id, its fragment in the DID document. */
  id: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
};

/** Thrown before signing when the credential's issuer is not the key's controller (it would sign but never verify). */
export class IssuerKeyMismatchError extends Error {
  constructor(
    readonly issuerId: string | undefined,
    readonly controller: string,
  ) {
    super(`The credential's issuer id (${issuerId ?? 'none'}) is not the signing key's controller (${controller}).`);
    this.name = 'IssuerKeyMismatchError';
  }
}

function issuerIdOf(credential: Credential): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  if (issuer && typeof issuer === 'object' && typeof (issuer as { id?: unknown }).id === 'string') return (issuer as { id: string }).id;
  return undefined;
}

/**
 * Adds a DataIntegrityProof (eddsa-rdfc-2022) made with the key, `proof` written as an array as the OB 3.0
 * schema wants. Refuses a credential whose issuer id is not the key's controller. `suites` is what the context
 * keeps between signatures; without it the call keeps nothing (the same bytes, made more slowly).
 */
export async function signCredential(
  credential: Credential,
  key: ControlledKey,
  documentLoader: DocumentLoader,
  options: { now?: Date; suites?: CredentialSuites } = {},
): Promise<Credential> {
  const issuerId = issuerIdOf(credential);
  if (issuerId !== key.controller) throw new IssuerKeyMismatchError(issuerId, key.controller);
  const suites = options.suites ?? createCredentialSuites();
  const suite = new DataIntegrityProof({
    signer: await suites.signerFor(key),
    cryptosuite: suites.signing,
    ...(options.now ? { date: options.now } : {}),
  });
  // The library adds `proof` to a copy; cloning first keeps the caller's object untouched whatever it does.
  const signed = await vc.issue({ credential: structuredClone(credential), suite, documentLoader });
  const proof = signed.proof;
  return { ...signed, proof: Array.isArray(proof) ? proof : [proof] };
}

export type Ob3CheckName = 'format' | 'issuer' | 'proof' | 'status' | 'validity' | 'schema';

/** The outcome of one check; `ob3.check.<outcome>` is its message key in the verify catalogue. */
export type Ob3Outcome =
  | 'format.ok'
  | 'format.invalid'
  | 'issuer.ours'
  | 'issuer.unresolvable'
  | 'proof.valid'
  | 'proof.invalid'
  | 'proof.unchecked'
  | 'status.active'
  | 'status.revoked'
  | 'status.none'
  | 'status.unavailable'
  | 'status.unchecked'
  | 'validity.current'
  | 'validity.notYetValid'
  | 'validity.expired'
  | 'validity.unreadable'
  | 'schema.valid'
  | 'schema.invalid'
  | 'schema.unavailable';

export type Ob3Check = {
  name: Ob3CheckName;
  ok: boolean;
  outcome: Ob3Outcome;
  /** Technical detail in English (for logs and the API); user-facing text comes from `ob3.check.<outcome>`. */
  message: string;
};

/** In plain words, what the checks add up to; the first that applies wins, in this order. */
export type Ob3Verdict = 'valid' | 'tampered' | 'unknown-issuer' | 'revoked' | 'expired' | 'not-yet-valid' | 'invalid';

export type Ob3VerifyResult = {
  verified: boolean;
  verdict: Ob3Verdict;
  checks: Ob3Check[];
  /** True or false once the status list was read; absent when it could not be. */
  revoked?: boolean;
};

// The library's own clock skew allowance (seconds): a credential issued a moment ago on a slightly fast clock is valid.
const CLOCK_SKEW_MS = 300_000;

function check(name: Ob3CheckName, ok: boolean, outcome: Ob3Outcome, message: string): Ob3Check {
  return { name, ok, outcome, message };
}

function errorMessage(error: unknown): string {
  const nested = (error as { errors?: unknown[] } | undefined)?.errors;
  const first = Array.isArray(nested) && nested.length > 0 ? nested[0] : error;
  return first instanceof Error ? first.message : String(first ?? 'unknown error');
}

function formatProblems(credential: Credential): string[] {
  const problems: string[] = [];
  const context = credential['@context'];
  if (!Array.isArray(context) || context[0] !== VC_V2_CONTEXT) problems.push(`the first @context is not ${VC_V2_CONTEXT}`);
  else if (!context.some((c) => typeof c === 'string' && /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context/.test(c))) {
    problems.push(`@context lacks the Open Badges 3.0 context (${OB_V3_CONTEXT})`);
  }
  const types = Array.isArray(credential.type) ? credential.type : [credential.type];
  if (!types.includes('VerifiableCredential')) problems.push('type lacks VerifiableCredential');
  if (!types.includes('OpenBadgeCredential') && !types.includes('AchievementCredential')) problems.push('type lacks OpenBadgeCredential');
  if (!issuerIdOf(credential)) problems.push('the issuer has no id');
  if (typeof credential.validFrom !== 'string' || Number.isNaN(Date.parse(credential.validFrom)))
    problems.push('validFrom is missing or not a date');
  if (
    credential.validUntil !== undefined &&
    (typeof credential.validUntil !== 'string' || Number.isNaN(Date.parse(credential.validUntil)))
  ) {
    problems.push('validUntil is not a date');
  }
  if (!credential.proof) problems.push('there is no proof');
  return problems;
}

function validityCheck(credential: Credential, now: Date): Ob3Check {
  const from = typeof credential.validFrom === 'string' ? Date.parse(credential.validFrom) : Number.NaN;
  const until = typeof credential.validUntil === 'string' ? Date.parse(credential.validUntil) : Number.NaN;
  if (Number.isNaN(from) || (credential.validUntil !== undefined && Number.isNaN(until))) {
    return check('validity', false, 'validity.unreadable', 'validFrom or validUntil is not a date');
  }
  if (from - now.getTime() > CLOCK_SKEW_MS)
    return check('validity', false, 'validity.notYetValid', `not valid before ${String(credential.validFrom)}`);
  if (now.getTime() - until > CLOCK_SKEW_MS)
    return check('validity', false, 'validity.expired', `expired at ${String(credential.validUntil)}`);
  return check('validity', true, 'validity.current', 'within its validity period');
}

function verdictOf(checks: Ob3Check[], facts: { proofTampered: boolean; issuerResolvable: boolean; revoked: boolean }): Ob3Verdict {
  if (facts.proofTampered) return 'tampered';
  if (!facts.issuerResolvable) return 'unknown-issuer';
  if (facts.revoked) return 'revoked';
  const outcomes = new Set(checks.map((c) => c.outcome));
  if (outcomes.has('validity.expired')) return 'expired';
  if (outcomes.has('validity.notYetValid')) return 'not-yet-valid';
  return checks.every((c) => c.ok) ? 'valid' : 'invalid';
}

function newSuite(suites: CredentialSuites, own = false): DataIntegrityProof {
  return new DataIntegrityProof({ cryptosuite: own ? suites.checkingOwn : suites.verifying });
}

/**
 * Verifies an OB 3.0 credential offline, check by check: its shape, whether its issuer is resolvable here (only
 * this instance's DID is), the proof, the revocation status list (read explicitly: the library alone would call a
 * revoked credential verified), validFrom/validUntil, and the official JSON schema when it is available here.
 * `suites` is what the caller keeps between checks; without it the call keeps nothing (the same verdict, slower).
 * With `learn`, a credential whose proof shows Élan signed it, checked the slow way for want of a template, is
 * checked once more to teach `suites` its shape (so a thread that never signed one checks the next one quickly).
 */
export async function verifyCredential(
  input: unknown,
  documentLoader: DocumentLoader,
  options: { now?: Date; suites?: CredentialSuites; learn?: boolean } = {},
): Promise<Ob3VerifyResult> {
  const now = options.now ?? new Date();
  const suites = options.suites ?? createCredentialSuites();
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    return {
      verified: false,
      verdict: 'invalid',
      checks: [check('format', false, 'format.invalid', 'not a JSON object')],
    };
  }
  const credential = input as Credential;
  const checks: Ob3Check[] = [];

  const problems = formatProblems(credential);
  checks.push(
    problems.length === 0
      ? check('format', true, 'format.ok', 'an Open Badges 3.0 credential')
      : check('format', false, 'format.invalid', problems.join('; ')),
  );

  const issuerId = issuerIdOf(credential);
  let issuerResolvable = false;
  if (issuerId) {
    try {
      const { document } = await documentLoader(issuerId);
      issuerResolvable = (document as { id?: unknown } | null)?.id === issuerId;
    } catch {
      issuerResolvable = false;
    }
  }
  checks.push(
    issuerResolvable
      ? check('issuer', true, 'issuer.ours', `issued by ${issuerId}`)
      : check(
          'issuer',
          false,
          'issuer.unresolvable',
          `the issuer ${issuerId ?? '(none)'} is not resolvable here; its proof cannot be checked`,
        ),
  );

  let proofChecked = false;
  let proofOk = false;
  if (issuerResolvable && credential.proof) {
    proofChecked = true;
    const checkProof = (own: boolean) =>
      vc.verifyCredential({
        credential,
        suite: newSuite(suites, own),
        documentLoader,
        now,
        // Dates are the validity check's business below: an infinite skew keeps them out of the proof's verdict.
        maxClockSkew: Number.POSITIVE_INFINITY,
        // The status list is its own check below: here the proof alone is judged.
        checkStatus: async () => ({ verified: true }),
      });
    const stockBefore = suites.stats().verifying.stock;
    const result = await checkProof(false);
    proofOk = result.verified;
    // Only now that the proof shows Élan signed it is the credential's shape worth learning.
    if (proofOk && options.learn && suites.stats().verifying.stock > stockBefore) await checkProof(true);
    checks.push(
      proofOk
        ? check('proof', true, 'proof.valid', 'the signature matches the content and the issuer’s key')
        : check('proof', false, 'proof.invalid', errorMessage(result.error ?? result.results?.[0]?.error)),
    );
  } else {
    checks.push(
      check('proof', false, 'proof.unchecked', issuerResolvable ? 'there is no proof' : 'not checked: the issuer is not resolvable here'),
    );
  }

  let revoked: boolean | undefined;
  if (!credential.credentialStatus) {
    checks.push(check('status', true, 'status.none', 'the credential declares no status list'));
  } else if (!issuerResolvable) {
    checks.push(check('status', false, 'status.unchecked', 'not checked: the issuer is not resolvable here'));
  } else {
    // The library verifies the list credential against the wall clock; verifying it here first,
    // at `now`, keeps one notion of time (tests move the clock; a server's clock is the wall's).
    const listProblem = await verifyStatusListCredential(credential, documentLoader, now, suites);
    const status = listProblem
      ? { verified: false, error: new Error(listProblem) }
      : await checkStatus({ credential, documentLoader, suite: newSuite(suites), verifyBitstringStatusListCredential: false });
    const entry = status.results?.[0];
    if (!status.verified || !entry) {
      checks.push(check('status', false, 'status.unavailable', errorMessage(status.error)));
    } else {
      revoked = status.results?.some((r) => r.status === true) ?? false;
      checks.push(
        revoked ? check('status', false, 'status.revoked', 'revoked by its issuer') : check('status', true, 'status.active', 'not revoked'),
      );
    }
  }

  checks.push(validityCheck(credential, now));

  const schema = validateOb3Schema(credential);
  if (!schema.available) checks.push(check('schema', true, 'schema.unavailable', schema.reason));
  else
    checks.push(
      schema.valid
        ? check('schema', true, 'schema.valid', 'matches the OB 3.0 JSON schema')
        : check('schema', false, 'schema.invalid', schema.errors.join('; ')),
    );

  const verdict = verdictOf(checks, { proofTampered: proofChecked && !proofOk, issuerResolvable, revoked: revoked === true });
  return { verified: verdict === 'valid', verdict, checks, ...(revoked === undefined ? {} : { revoked }) };
}

/** Checks the signature and dates of the status list a credential points at; a problem, or null. */
async function verifyStatusListCredential(
  credential: Credential,
  documentLoader: DocumentLoader,
  now: Date,
  suites: CredentialSuites,
): Promise<string | null> {
  const statuses = ([] as unknown[]).concat(credential.credentialStatus ?? []);
  for (const entry of statuses) {
    const url = (entry as { statusListCredential?: unknown })?.statusListCredential;
    if (typeof url !== 'string') return 'the status entry names no list';
    let list: object;
    try {
      list = (await documentLoader(url)).document as object;
    } catch (error) {
      return errorMessage(error);
    }
    // The loader serves only this instance's own lists: their shape may be learned.
    const result = await vc.verifyCredential({
      credential: list,
      suite: newSuite(suites, true),
      documentLoader,
      now,
      checkStatus: async () => ({ verified: true }),
    });
    if (!result.verified) return errorMessage(result.error ?? result.results?.[0]?.error);
  }
  return null;
}
