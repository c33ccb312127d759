import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenBadgeCredential, type Credential, hashEmail } from '../../../src/credentials/ob3/credential.ts';
import { rotateSigningKey } from '../../../src/credentials/ob3/keys.ts';
import { IssuerKeyMismatchError, type Ob3VerifyResult, signCredential, verifyCredential } from '../../../src/credentials/ob3/sign.ts';
import { claimInput, issuerWorld, otherInstance, PUBLIC_URL } from './fixtures.ts';

let world: Awaited<ReturnType<typeof issuerWorld>>;
beforeAll(async () => {
  world = await issuerWorld();
});
afterAll(async () => {
  await world?.close();
});

/** The loader as a request would build it now (after any rotation). */
const loader = async () => (await world.load()).documentLoader;
const outcome = (result: Ob3VerifyResult, name: string) => result.checks.find((c) => c.name === name)?.outcome;

/** A deep copy with one change made by `edit`. */
function tampered(credential: Credential, edit: (copy: any) => void): Credential {
  const copy = structuredClone(credential);
  edit(copy);
  return copy;
}

describe('an Open Badges 3.0 credential minted at claim time', () => {
  it('is signed under the instance’s did:web with a Data Integrity proof written as an array, and verifies', async () => {
    const signed = await world.issue();
    expect(signed.issuer).toMatchObject({ id: 'did:web:localhost%3A3000', type: ['Profile'] });
    expect(signed.proof).toEqual([
      expect.objectContaining({
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-rdfc-2022',
        proofPurpose: 'assertionMethod',
        verificationMethod: `did:web:localhost%3A3000#${world.issuer.key.id}`,
      }),
    ]);
    const result = await verifyCredential(signed, await loader());
    expect(result).toMatchObject({ verified: true, verdict: 'valid', revoked: false });
    expect(result.checks.map((c) => [c.name, c.ok])).toEqual([
      ['format', true],
      ['issuer', true],
      ['proof', true],
      ['status', true],
      ['validity', true],
      ['schema', true],
    ]);
  });

  it('binds the employee by a salted hash a verifier can recompute from the email they claim', async () => {
    const signed = await world.issue({ recipient: { email: 'amina@example.com', salt: 'Kosher' } });
    const [identifier] = (signed.credentialSubject as { identifier: Array<{ identityHash: string; salt: string }> }).identifier;
    // The example of the OB 3.0 specification: 'a@example.com' salted with 'Kosher'.
    expect(hashEmail('a@example.com', 'Kosher')).toBe('sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399');
    expect(identifier?.identityHash).toBe(hashEmail('amina@example.com', identifier?.salt ?? ''));
    expect(JSON.stringify(signed)).not.toContain('amina@example.com');
  });

  it('leaves the story out of the evidence when the employee keeps it private, and still verifies', async () => {
    const signed = await world.issue({ evidence: { name: 'Le moment souligné', description: 'Le 1er novembre 2026.', narrative: null } });
    expect(signed.evidence).toEqual([{ type: ['Evidence'], name: 'Le moment souligné', description: 'Le 1er novembre 2026.' }]);
    expect((await verifyCredential(signed, await loader())).verified).toBe(true);
  });

  const edits: Array<[string, (c: any) => void]> = [
    ['its name', (c) => (c.name = 'Service exceptionnel')],
    [
      'the recipient’s identity hash',
      (c) => (c.credentialSubject.identifier[0].identityHash = hashEmail('mallory@example.com', c.credentialSubject.identifier[0].salt)),
    ],
    ['validFrom', (c) => (c.validFrom = '2020-01-01T00:00:00.000Z')],
    ['the issuer’s name', (c) => (c.issuer.name = 'Élan (copie)')],
    ['the achievement’s criteria', (c) => (c.credentialSubject.achievement.criteria.narrative = 'Aucun critère.')],
    ['the evidence’s story', (c) => (c.evidence[0].narrative = 'Une autre histoire.')],
    ['its status index (to dodge a revocation)', (c) => (c.credentialStatus.statusListIndex = '7')],
  ];
  it.each(edits)('a copy with %s changed fails the proof check and is reported as tampered', async (_what, edit) => {
    const signed = await world.issue();
    const result = await verifyCredential(tampered(signed, edit), await loader());
    expect(result.verified).toBe(false);
    expect(result.verdict).toBe('tampered');
    expect(outcome(result, 'proof')).toBe('proof.invalid');
  });

  it('a credential signed before a key rotation still verifies after it: the DID document lists both keys', async () => {
    const before = await world.issue();
    const oldKeyId = (await world.load()).key.id;
    const newKey = await rotateSigningKey(world.ctx.db, new Date());
    const after = await world.load();
    expect(after.key.id).toBe(newKey.id);
    expect(after.didDocument.verificationMethod.map((m) => m.id)).toEqual(
      expect.arrayContaining([`${after.did}#${oldKeyId}`, `${after.did}#${newKey.id}`]),
    );
    expect(after.didDocument.assertionMethod).toContain(`${after.did}#${oldKeyId}`);

    expect((await verifyCredential(before, after.documentLoader)).verified).toBe(true);
    const fresh = await world.issue();
    expect((fresh.proof as Array<{ verificationMethod: string }>)[0]?.verificationMethod).toBe(`${after.did}#${newKey.id}`);
    expect((await verifyCredential(fresh, after.documentLoader)).verified).toBe(true);
  });

  it('refuses at issue time to sign for an issuer id that is not the key’s controller', async () => {
    const { key, documentLoader, did } = await world.load();
    const unsigned = buildOpenBadgeCredential(claimInput('did:web:elan.example', { listUrl: `${PUBLIC_URL}/ob3/status/1`, index: 3 }));
    await expect(signCredential(unsigned, key, documentLoader)).rejects.toThrow(IssuerKeyMismatchError);
    await expect(signCredential(unsigned, key, documentLoader)).rejects.toThrow(`not the signing key's controller (${did})`);
  });

  it('reports another issuer’s credential as “not resolvable here”, not as forged', async () => {
    // A genuine credential from another Élan instance, signed by that instance's own key.
    const other = await otherInstance('https://badges.cafe-rouge.example');
    const foreign = await signCredential(
      buildOpenBadgeCredential(claimInput(other.did, { listUrl: 'https://badges.cafe-rouge.example/ob3/status/1', index: 9 })),
      other.key,
      other.documentLoader,
    );
    expect((await verifyCredential(foreign, other.documentLoader)).checks.find((c) => c.name === 'proof')?.ok).toBe(true);

    const result = await verifyCredential(foreign, await loader());
    expect(result).toMatchObject({ verified: false, verdict: 'unknown-issuer' });
    expect(result.revoked).toBeUndefined();
    expect(outcome(result, 'issuer')).toBe('issuer.unresolvable');
    expect(outcome(result, 'proof')).toBe('proof.unchecked');
    expect(result.checks.some((c) => c.outcome === 'proof.invalid')).toBe(false);
  });

  it('says a credential whose validFrom is still ahead is not yet valid, and one past validUntil has expired', async () => {
    const documentLoader = await loader();
    const soon = await world.issue({ validFrom: '2031-01-01T00:00:00.000Z' });
    const notYet = await verifyCredential(soon, documentLoader);
    expect(notYet).toMatchObject({ verified: false, verdict: 'not-yet-valid' });
    expect(outcome(notYet, 'proof')).toBe('proof.valid');

    // The status list it points at was signed today, so "valid" is judged from now on.
    const dated = await world.issue({ validFrom: '2026-01-01T00:00:00.000Z', validUntil: '2030-06-01T00:00:00.000Z' });
    const expired = await verifyCredential(dated, documentLoader, { now: new Date('2030-11-22T12:00:00.000Z') });
    expect(expired).toMatchObject({ verified: false, verdict: 'expired' });
    expect(outcome(expired, 'validity')).toBe('validity.expired');
    expect((await verifyCredential(dated, documentLoader, { now: new Date() })).verdict).toBe('valid');
  });

  it('says a document that is not a credential at all is not one, without throwing', async () => {
    for (const junk of [null, 'hello', [1, 2], { name: 'just an object' }]) {
      const result = await verifyCredential(junk, await loader());
      expect(result.verified).toBe(false);
      expect(result.checks[0]).toMatchObject({ name: 'format', ok: false, outcome: 'format.invalid' });
    }
  });
});
