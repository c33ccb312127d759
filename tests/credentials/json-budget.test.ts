import { describe, expect, it } from 'vitest';
import { checkJsonBudget, checkJsonTextBudget, VERIFY_JSON_BUDGET, wrappedBudget } from '../../src/credentials/json-budget.ts';
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

describe('the same budget read on the text, before it is parsed', () => {
  /** A random JSON value, from a seeded generator so a failure can be replayed. */
  function randomValue(seed: number) {
    let state = seed;
    const next = () => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const make = (depth: number): unknown => {
      const kind = Math.floor(next() * (depth > 6 ? 4 : 6));
      if (kind === 0) return next() < 0.5 ? null : next() < 0.5;
      if (kind === 1) return Math.round((next() - 0.5) * 1e6) / 100;
      if (kind === 2) return ['', 'plain', 'with "quotes" and \\ backslashes', 'é\n\t{[,:]}'][Math.floor(next() * 4)];
      if (kind === 3) return `${Math.floor(next() * 1000)}`;
      const size = Math.floor(next() * 8);
      if (kind === 4) return Array.from({ length: size }, () => make(depth + 1));
      return Object.fromEntries(Array.from({ length: size }, (_, i) => [`key ${i} "{[,:"`, make(depth + 1)]));
    };
    return make(0);
  }

  it('agrees with the parsed check on a thousand random documents, pretty-printed or not', () => {
    const budget = { maxNodes: 40, maxArrayLength: 5, maxDepth: 4 };
    let refused = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const value = randomValue(seed);
      const parsed = checkJsonBudget(value, budget);
      if (parsed) refused++;
      for (const text of [JSON.stringify(value), JSON.stringify(value, null, 2)]) {
        expect(checkJsonTextBudget(text, budget) === null, `seed ${seed}: ${text}`).toBe(parsed === null);
      }
    }
    // Both outcomes were tried many times.
    expect(refused).toBeGreaterThan(100);
    expect(refused).toBeLessThan(900);
  });

  it('finds each cap as the parsed check does', () => {
    const budget = { maxNodes: 10, maxArrayLength: 4, maxDepth: 3 };
    expect(checkJsonTextBudget('[[["deepest"]]]', budget)).toBeNull();
    expect(checkJsonTextBudget('[[[["too deep"]]]]', budget)).toBe('depth');
    expect(checkJsonTextBudget('[1, 2, 3, 4, 5]', budget)).toBe('arrayLength');
    expect(checkJsonTextBudget('{"a": [1, 2, 3, 4], "b": [5, 6, 7, 8]}', budget)).toBe('nodes');
    expect(checkJsonTextBudget(JSON.stringify(withEvidence(20_000)))).toBe('arrayLength');
  });

  it('stops reading at the first cap passed: what follows is never looked at', () => {
    const budget = { maxNodes: 10, maxArrayLength: 4, maxDepth: 3 };
    // Past the cap, then something no JSON reader would accept; the answer is the cap, not an error.
    expect(checkJsonTextBudget(`[1, 2, 3, 4, 5, ${'\u0000'.repeat(10)}`, budget)).toBe('arrayLength');
    expect(checkJsonTextBudget(`${'['.repeat(100_000)}`)).toBe('depth');
  });

  it('the same caps around a wrapped document leave room for the wrapper alone', () => {
    const credential = elanCredential();
    expect(checkJsonTextBudget(JSON.stringify({ credential, email: 'a@b.example' }), wrappedBudget(1))).toBeNull();
    expect(checkJsonTextBudget(JSON.stringify({ credential: withEvidence(300) }), wrappedBudget(1))).toBe('arrayLength');
  });
});
