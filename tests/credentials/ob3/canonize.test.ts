import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as stockSuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTemplatedCanonizer } from '../../../src/credentials/ob3/canonize.ts';
import { buildOpenBadgeCredential, type Credential } from '../../../src/credentials/ob3/credential.ts';
import { buildDidDocument, didWebFromUrl, verificationMethodId } from '../../../src/credentials/ob3/did.ts';
import { createDocumentLoader, MULTIKEY_V1_CONTEXT, VC_V2_CONTEXT } from '../../../src/credentials/ob3/document-loader.ts';
import { signCredential, verifyCredential } from '../../../src/credentials/ob3/sign.ts';
import { buildStatusListCredential, createStatusList } from '../../../src/credentials/ob3/status-list.ts';
import { createCredentialSuites } from '../../../src/credentials/ob3/suites.ts';
import { claimInput, PUBLIC_URL } from './fixtures.ts';

const did = didWebFromUrl(PUBLIC_URL);
const pair = await Ed25519Multikey.generate();
const key = {
  controller: did,
  id: 'key-c14n',
  publicKeyMultibase: pair.publicKeyMultibase,
  secretKeyMultibase: pair.secretKeyMultibase ?? '',
};
const listUrl = `${PUBLIC_URL}/ob3/status/1`;
// What a context keeps between signatures: the templates whose use the first test counts.
const suites = createCredentialSuites();
let statusList: Credential | null = null;
const documentLoader = createDocumentLoader({
  didDocument: buildDidDocument(did, [key]),
  resolveLocal: async (url) => (url === listUrl ? statusList : null),
});
statusList = await signCredential(
  buildStatusListCredential({ id: listUrl, issuer: did, encodedList: await createStatusList(), validFrom: new Date().toISOString() }),
  key,
  documentLoader,
  { suites },
);

const canonizeOptions = { documentLoader, base: null, safe: true };

/** The stock canonicaliser's answer, or the message of the error it throws. */
async function settle(canonize: (input: object, options: typeof canonizeOptions) => Promise<string>, input: object) {
  try {
    return { nquads: await canonize(input, canonizeOptions) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The credential and proof signed with the unmodified libraries, as a wallet's issuer would. */
async function signedTheStockWay(credential: Credential, now: Date): Promise<Credential> {
  const keyPair = await Ed25519Multikey.from({
    '@context': MULTIKEY_V1_CONTEXT,
    type: 'Multikey',
    id: verificationMethodId(did, key.id),
    controller: did,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  });
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: stockSuite, date: now });
  return vc.issue({ credential: structuredClone(credential), suite, documentLoader });
}

describe('signing many credentials quickly, byte for byte as the stock libraries would', () => {
  it('a badge and a status list come out exactly as the stock eddsa-rdfc-2022 suite signs them, time after time', async () => {
    const before = suites.stats().signing.templated;
    for (let i = 0; i < 3; i++) {
      const now = new Date(Date.UTC(2026, 10, 1, 12, 0, i));
      const badge = buildOpenBadgeCredential(
        claimInput(
          did,
          { listUrl, index: 40 + i },
          i === 1 ? { evidence: { name: 'Le moment', description: 'Au comptoir.', narrative: null } } : {},
        ),
      );
      const stock = await signedTheStockWay(badge, now);
      expect(await signCredential(badge, key, documentLoader, { now, suites })).toEqual({ ...stock, proof: [stock.proof] });

      const list = buildStatusListCredential({
        id: listUrl,
        issuer: did,
        encodedList: await createStatusList(),
        validFrom: now.toISOString(),
      });
      const stockList = await signedTheStockWay(list, now);
      expect(await signCredential(list, key, documentLoader, { now, suites })).toEqual({ ...stockList, proof: [stockList.proof] });
    }
    // Each signature canonicalises the document and the proof options, here all from templates.
    expect(suites.stats().signing.templated - before).toBe(12);
  });

  it('what Élan signs passes the stock libraries’ verification, and a changed copy does not', async () => {
    const signed = await signCredential(buildOpenBadgeCredential(claimInput(did, { listUrl, index: 7 })), key, documentLoader);
    const stockVerify = (credential: object) =>
      vc.verifyCredential({
        credential,
        suite: new DataIntegrityProof({ cryptosuite: stockSuite }),
        documentLoader,
        checkStatus: async () => ({ verified: true }),
      });
    expect((await stockVerify(signed)).verified).toBe(true);
    const renamed = structuredClone(signed) as { credentialSubject: { achievement: { name: string } } };
    renamed.credentialSubject.achievement.name = 'Service exceptionnel';
    expect((await stockVerify(renamed)).verified).toBe(false);
    expect((await verifyCredential(renamed, documentLoader)).verdict).toBe('tampered');
  });

  it('whatever an employee’s story, names and addresses say, the canonical form is the stock one (or the same error)', async () => {
    const canonizer = createTemplatedCanonizer();
    // Mostly ordinary values, which share a shape and so a template; now and then one of another kind.
    const text = fc.oneof(
      { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(s)), weight: 12 },
      {
        arbitrary: fc.constantFrom('Note: merci', 'did:web:ailleurs', 'https://example.com/x', '"\\\n\t', '@context', '_:b0', 'é'),
        weight: 1,
      },
    );
    const address = fc.oneof(
      { arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }), weight: 12 },
      {
        arbitrary: fc.constantFrom(
          'did:web:elan.example',
          'urn:uuid:1',
          'mailto:a@b.c',
          'vocab:x',
          'not an address',
          'relative/path',
          'https://exa mple.com',
          'https://x.example/<a>',
        ),
        weight: 1,
      },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          name: text,
          description: text,
          narrative: fc.option(text),
          criteria: text,
          language: fc.constantFrom('fr-CA', 'en', ''),
          image: address,
          achievement: address,
          salt: text,
          email: text,
        }),
        async (input) => {
          const credential = buildOpenBadgeCredential(
            claimInput(
              did,
              { listUrl, index: 3 },
              {
                name: input.name,
                recipient: { email: input.email, salt: input.salt },
                achievement: {
                  id: input.achievement,
                  name: input.name,
                  description: input.description,
                  criteriaNarrative: input.criteria,
                  imageUrl: input.image,
                  inLanguage: input.language,
                },
                evidence: { name: input.name, description: input.description, narrative: input.narrative },
              },
            ),
          );
          expect(await settle(canonizer.canonize, credential)).toEqual(await settle(stockSuite.canonize, credential));
        },
      ),
      { numRuns: 60 },
    );
    // Most of them reused a template: the property would prove little if every one had fallen back.
    expect(canonizer.stats.templated).toBeGreaterThan(30);
  });

  it('an address JSON-LD would not keep as it is (a space, a relative path, a blank node) gets the stock answer, error included', async () => {
    const canonizer = createTemplatedCanonizer();
    const withAddress = (address: string) =>
      buildOpenBadgeCredential(
        claimInput(
          did,
          { listUrl, index: 9 },
          {
            achievement: {
              id: address,
              name: 'Service',
              description: 'Pour une attention.',
              criteriaNarrative: 'Approuvé.',
              imageUrl: address,
              inLanguage: 'fr-CA',
            },
          },
        ),
      );
    await canonizer.canonize(withAddress('https://badges.example/a'), canonizeOptions);
    const awkward = [
      'https://exa mple.com',
      'relative/path',
      '_:b0',
      'https://x.example/\u00a0',
      'https://x.example/<a>',
      'https://x.example/a"b',
      'https://x.example/\u0001',
      'https://x.example/é',
    ];
    for (const address of awkward) {
      const credential = withAddress(address);
      expect(await settle(canonizer.canonize, credential)).toEqual(await settle(stockSuite.canonize, credential));
    }
    expect(await settle(canonizer.canonize, withAddress('https://exa mple.com'))).toEqual({ error: 'Safe mode validation error.' });
    // Some used a template (the plain address, the accented one); those it could not vouch for went the stock way.
    expect(canonizer.stats.templated).toBeGreaterThanOrEqual(2);
    expect(canonizer.stats.stock).toBeGreaterThanOrEqual(3);
  });

  it('values that would make two statements one are handled the stock way, which merges them', async () => {
    const canonizer = createTemplatedCanonizer();
    const twoSubjects = (first: string, second: string) => ({
      '@context': [VC_V2_CONTEXT],
      type: ['VerifiableCredential'],
      issuer: did,
      validFrom: '2026-11-01T00:00:00Z',
      credentialSubject: [
        { id: first, name: 'Amina' },
        { id: second, name: 'Amina' },
      ],
    });
    for (const input of [
      twoSubjects('https://a.example/1', 'https://a.example/2'),
      twoSubjects('https://a.example/1', 'https://a.example/1'),
    ]) {
      expect(await settle(canonizer.canonize, input)).toEqual(await settle(stockSuite.canonize, input));
    }
    // The first was also run the stock way once, to confirm the new template; the second had to be.
    expect(canonizer.stats).toMatchObject({ templatesBuilt: 1, templated: 1, stock: 2 });
  });

  it('a burst of claims at once shares one new template, checked against the stock way once rather than per badge', async () => {
    const canonizer = createTemplatedCanonizer();
    const badges = Array.from({ length: 12 }, (_, i) => buildOpenBadgeCredential(claimInput(did, { listUrl, index: 100 + i })));
    const fast = await Promise.all(badges.map((badge) => canonizer.canonize(badge, canonizeOptions)));
    for (const [i, badge] of badges.entries()) expect(fast[i]).toBe(await stockSuite.canonize(badge, canonizeOptions));
    expect(canonizer.stats).toMatchObject({ templatesBuilt: 1, templated: 12, stock: 1 });
  });

  it('checking a credential learns nothing from it: only the shapes Élan signed are read from templates', async () => {
    const signing = createTemplatedCanonizer();
    const verifying = signing.reader();
    const badge = (index: number) => buildOpenBadgeCredential(claimInput(did, { listUrl, index }));
    // A document sent to be checked, however often it comes, goes the stock way and builds nothing.
    for (let i = 0; i < 3; i++) {
      const sent = badge(5);
      expect(await verifying.canonize(sent, canonizeOptions)).toBe(await stockSuite.canonize(sent, canonizeOptions));
    }
    expect(verifying.stats).toEqual({ templated: 0, stock: 3, templatesBuilt: 0 });
    expect(signing.size).toBe(0);
    // Once Élan signs one of that shape, another credential of it is read from the template.
    await signing.canonize(badge(5), canonizeOptions);
    const again = badge(6);
    expect(await verifying.canonize(again, canonizeOptions)).toBe(await stockSuite.canonize(again, canonizeOptions));
    expect(verifying.stats).toEqual({ templated: 1, stock: 3, templatesBuilt: 0 });
    expect(signing.stats.templatesBuilt).toBe(1);
    expect(signing.size).toBe(1);
  });

  it('a context that is not bundled, or an inline one, is canonicalised the stock way', async () => {
    const canonizer = createTemplatedCanonizer();
    const inline = {
      '@context': [VC_V2_CONTEXT, { motto: 'https://example.com/motto' }],
      type: ['VerifiableCredential'],
      issuer: did,
      motto: 'Toujours',
    };
    expect(await settle(canonizer.canonize, inline)).toEqual(await settle(stockSuite.canonize, inline));
    expect(canonizer.stats).toMatchObject({ templatesBuilt: 0, templated: 0, stock: 1 });
  });
});
