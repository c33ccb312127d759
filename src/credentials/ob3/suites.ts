import { createPrivateKey, createPublicKey, sign as ed25519Sign, verify as ed25519Verify, type KeyObject } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { type CanonizeStats, createTemplatedCanonizer } from './canonize.ts';
import { verificationMethodId } from './did.ts';
import { MULTIKEY_V1_CONTEXT } from './document-loader.ts';
import type { ControlledKey } from './sign.ts';

// What the Data Integrity proofs are made and checked with: eddsa-rdfc-2022 as published, with two things kept
// between signatures rather than redone for each (both give the same bytes as the stock suite):
// - the canonicaliser's template per credential shape (canonize.ts), which spares the JSON-LD expansion of each
//   signature; templates are learned only from what Élan made: what it signs, its own status lists, and a
//   credential once its proof has shown Élan signed it. Checking anything else reads them but never adds one,
//   since anyone may send a document to /verify and building a template is the costliest part;
// - the Ed25519 key objects, which the key library imported afresh for every signature and every check.
// They are memos of pure functions, but what they hold comes from the database (keys) and from Élan's own
// credentials (shapes), so a context keeps them (AppContext.caches.credentialSuites) and destroy() forgets them.

type Verifier = { id?: string; algorithm: 'Ed25519'; verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
type Signer = { id: string; algorithm: 'Ed25519'; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
type Cryptosuite = typeof eddsaRdfc2022;

// One verifier per verification method met (this instance's keys, current and retired), one signer per key (a
// process meets one current key, two around a rotation); each map is emptied past MAX_KEYS.
const MAX_KEYS = 32;

/** The suites that sign and verify, with what they keep between calls. */
export type CredentialSuites = Readonly<{
  /** eddsa-rdfc-2022 for signing Élan's credentials. */
  signing: Cryptosuite;
  /** eddsa-rdfc-2022 for checking any credential: it reads the templates signing learned, and learns none. */
  verifying: Cryptosuite;
  /**
   * eddsa-rdfc-2022 for checking a document Élan made: one of its status lists, read from its own database, or a
   * credential whose proof already checked out under Élan's key. It learns templates as signing does.
   */
  checkingOwn: Cryptosuite;
  /** The signer of a key, its secret key imported once. */
  signerFor: (key: ControlledKey) => Promise<Signer>;
  /** How often each canonicaliser used a template (for benchmarks and tests). */
  stats: () => { signing: CanonizeStats; verifying: CanonizeStats };
  /** How many shapes and keys are kept. */
  readonly size: number;
  /** Forgets every shape and key. */
  clear: () => void;
}>;

/**
 * New suites keeping nothing yet: at most MAX_SHAPES shapes of MAX_VARIANTS_PER_SHAPE templates
 * (canonize.ts), each one credential's quads; and MAX_KEYS signers and verifiers.
 */
export function createCredentialSuites(): CredentialSuites {
  // Élan signs its own credentials, of a handful of shapes: a shape gets its template the first time.
  const signingCanonizer = createTemplatedCanonizer();
  // Verifying reads what anyone sends: it uses the templates of Élan's own shapes and learns nothing.
  const verifyingCanonizer = signingCanonizer.reader();
  const verifiers = new Map<string, Promise<Verifier>>();
  const signers = new Map<string, Promise<Signer>>();

  /** Like the suite's own createVerifier (the same checks on the key), its public key imported once. */
  const createVerifier = ({ verificationMethod }: { verificationMethod: Record<string, unknown> }): Promise<Verifier> =>
    remembered(verifiers, JSON.stringify(verificationMethod), async () => {
      const keyPair = await Ed25519Multikey.from(verificationMethod);
      const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: base64url(keyPair.publicKey) }, format: 'jwk' });
      return {
        id: keyPair.id,
        algorithm: 'Ed25519',
        verify: async ({ data, signature }) => ed25519Verify(null, data, publicKey, signature),
      };
    });

  const signerFor = (key: ControlledKey): Promise<Signer> => {
    const id = verificationMethodId(key.controller, key.id);
    return remembered(signers, `${id}\n${key.secretKeyMultibase}`, async () => {
      const keyPair = await Ed25519Multikey.from({
        '@context': MULTIKEY_V1_CONTEXT,
        type: 'Multikey',
        id,
        controller: key.controller,
        publicKeyMultibase: key.publicKeyMultibase,
        secretKeyMultibase: key.secretKeyMultibase,
      });
      if (!keyPair.secretKey) throw new Error(`the key ${id} has no secret part`);
      // The library keeps the 32-byte seed followed by the public key; a JWK wants each on its own.
      const privateKey: KeyObject = createPrivateKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: base64url(keyPair.publicKey), d: base64url(keyPair.secretKey.subarray(0, 32)) },
        format: 'jwk',
      });
      // Ed25519 signatures are deterministic: the same bytes as the library's own signer.
      return { id, algorithm: 'Ed25519', sign: async ({ data }) => ed25519Sign(null, data, privateKey) };
    });
  };

  return {
    signing: { ...eddsaRdfc2022, canonize: signingCanonizer.canonize },
    verifying: { ...eddsaRdfc2022, canonize: verifyingCanonizer.canonize, createVerifier },
    checkingOwn: { ...eddsaRdfc2022, canonize: signingCanonizer.canonize, createVerifier },
    signerFor,
    stats: () => ({ signing: { ...signingCanonizer.stats }, verifying: { ...verifyingCanonizer.stats } }),
    get size() {
      return signingCanonizer.size + verifiers.size + signers.size;
    },
    clear() {
      signingCanonizer.clear();
      verifiers.clear();
      signers.clear();
    },
  };
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** The cached promise for `key`, made by `make` if absent; a failure is not kept, so the next call tries again. */
function remembered<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = make();
    value.catch(() => cache.delete(key));
    if (cache.size >= MAX_KEYS) cache.clear();
    cache.set(key, value);
  }
  return value;
}
