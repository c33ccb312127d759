import { describe, expect, it } from 'vitest';
import { checkJsonBudget, VERIFY_JSON_BUDGET } from '../../src/credentials/json-budget.ts';
import { buildAssertion } from '../../src/credentials/ob2/ob2-documents.ts';
import { buildOpenBadgeCredential } from '../../src/credentials/ob3/credential.ts';
import { didWebFromUrl } from '../../src/credentials/ob3/did.ts';
import { claimInput, PUBLIC_URL } from './ob3/fixtures.ts';

/**
 * /verify weighs every JSON document before any JSON-LD work: a genuine badge, Élan's or another issuer's with
 * long lists, passes with room to spare; a document padded to make the server work for seconds is refused at once.
 */

const did = didWebFromUrl(PUBLIC_URL);

/** Élan's OB 3.0 credential as a claim signs it (the proof as Data Integrity writes it). */
function elanCredential() {
  return {
    ...buildOpenBadgeCredential(claimInput(did, { listUrl: `${PUBLIC_URL}/ob3/status/1`, index: 42 })),
    proof: [
      {
        type: 'DataIntegrityProof',
        created: '2026-11-22T15:00:00Z',
        verificationMethod: `${did}#key-1`,
        cryptosuite: 'eddsa-rdfc-2022',
        proofPurpose: 'assertionMethod',
        proofValue: `z${'5'.repeat(86)}`,
      },
    ],
  };
}

const elanAssertion = () =>
  buildAssertion(PUBLIC_URL, {
    awardId: 'a1',
    categorySlug: 'care',
    lang: 'fr',
    recipientIdentity: `sha256$${'0'.repeat(64)}`,
    recipientSalt: 'salt',
    issuedOn: '2026-11-22T15:00:00Z',
    imageUrl: `${PUBLIC_URL}/b/a1/badge.png`,
    evidence: { name: 'Le moment', description: 'Au comptoir.', narrative: 'Elle a couru me rendre mon portefeuille.' },
  });

/** The same credential with `count` evidence entries of the kind other issuers write. */
function withEvidence(count: number) {
  const credential = elanCredential();
  return {
    ...credential,
    evidence: Array.from({ length: count }, (_, i) => ({
      id: `https://portfolio.example/work/${i}`,
      type: ['Evidence'],
      name: `Travail ${i}`,
      description: 'Un travail remis et évalué.',
      narrative: 'Ce que la personne a fait, et comment.',
      genre: 'Project',
      audience: 'Grand public',
    })),
  };
}

/** Caps a fraction of /verify's: what fits in these fits in the real ones many times over. */
const fraction = (n: number) => ({
  maxNodes: VERIFY_JSON_BUDGET.maxNodes / n,
  maxArrayLength: VERIFY_JSON_BUDGET.maxArrayLength / n,
  maxDepth: VERIFY_JSON_BUDGET.maxDepth / 4,
});

describe('a genuine badge is within the budget, with room to spare', () => {
  it('Élan’s OB 3.0 credential and OB 2.0 assertion fit in a tenth of the caps (and a quarter of the depth)', () => {
    expect(checkJsonBudget(elanCredential(), fraction(10))).toBeNull();
    expect(checkJsonBudget(elanAssertion(), fraction(10))).toBeNull();
  });

  it('a credential from another issuer with 100 evidence entries and 100 alignments fits', () => {
    const credential = withEvidence(100);
    const { credentialSubject: subject } = credential as unknown as { credentialSubject: { achievement: Record<string, unknown> } };
    subject.achievement = {
      ...subject.achievement,
      alignment: Array.from({ length: 100 }, (_, i) => ({
        type: ['Alignment'],
        targetName: `Compétence ${i}`,
        targetUrl: `https://framework.example/competencies/${i}`,
        targetDescription: 'Une compétence du référentiel.',
        targetFramework: 'Référentiel des métiers du service',
        targetCode: `S-${i}`,
        targetType: 'ceasn:Competency',
      })),
    };
    expect(checkJsonBudget(credential)).toBeNull();
  });

  it('values with no containers, and documents exactly at each cap, pass', () => {
    for (const value of [null, 'text', 5, true, {}, []]) expect(checkJsonBudget(value)).toBeNull();
    const budget = { maxNodes: 10, maxArrayLength: 4, maxDepth: 3 };
    expect(checkJsonBudget([[['deepest']]], budget)).toBeNull();
    expect(checkJsonBudget([1, 2, 3, 4], budget)).toBeNull();
    expect(checkJsonBudget({ a: [1, 2, 3, 4], b: [5, 6, 7] }, budget)).toBeNull();
  });
});

describe('a document padded to make the checks slow is refused before any JSON-LD work', () => {
  it('the issue’s attack, a genuine credential with 20,000 evidence entries: too many in one list', () => {
    expect(checkJsonBudget(withEvidence(20_000))).toBe('arrayLength');
  });

  it('many lists each within the cap: too many nodes', () => {
    const credential = elanCredential() as Record<string, unknown>;
    for (let i = 0; i < 20; i++) credential[`padding${i}`] = Array.from({ length: 200 }, (_, j) => j);
    expect(checkJsonBudget(credential)).toBe('nodes');
  });

  it('a credential nested 100,000 deep: too deep, found without exhausting the stack', () => {
    const deep = JSON.parse(`{"credentialSubject":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(checkJsonBudget(deep)).toBe('depth');
  });

  it('one past any cap is refused', () => {
    const budget = { maxNodes: 10, maxArrayLength: 4, maxDepth: 3 };
    expect(checkJsonBudget([[[['too deep']]]], budget)).toBe('depth');
    expect(checkJsonBudget([1, 2, 3, 4, 5], budget)).toBe('arrayLength');
    expect(checkJsonBudget({ a: [1, 2, 3, 4], b: [5, 6, 7, 8] }, budget)).toBe('nodes');
  });
});
