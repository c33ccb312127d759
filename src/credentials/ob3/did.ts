export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';

export type VerificationMethod = {
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
};

export type DidDocument = {
  '@context': string[];
  id: string;
  verificationMethod: VerificationMethod[];
  assertionMethod: string[];
  authentication: string[];
};

/** The public half of a signing key, as the DID document needs it. */
export type PublicKey = { id: string; publicKeyMultibase: string };

/**
 * The did:web DID of a public URL: `did:web:<host>`, a port written `%3A`, and a path (if any) joined with ':'.
 * (With a path, did:web resolves to `<path>/did.json` rather than `/.well-known/did.json`.)
 */
export function didWebFromUrl(publicUrl: string): string {
  const url = new URL(publicUrl);
  const host = encodeURIComponent(url.host);
  const path = url.pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => encodeURIComponent(decodeURIComponent(segment)));
  return ['did:web', host, ...path].join(':');
}

/** The DID URL of one key: `<did>#<keyId>`. */
export function verificationMethodId(did: string, keyId: string): string {
  return `${did}#${keyId}`;
}

/**
 * The DID document served at /.well-known/did.json: every key, current and retired, as a Multikey that may
 * assert credentials and authenticate, so whatever any of them signed still verifies.
 */
export function buildDidDocument(did: string, keys: readonly PublicKey[]): DidDocument {
  const verificationMethod = keys.map(
    (key): VerificationMethod => ({
      id: verificationMethodId(did, key.id),
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: key.publicKeyMultibase,
    }),
  );
  const ids = verificationMethod.map((method) => method.id);
  return {
    '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
    id: did,
    verificationMethod,
    assertionMethod: ids,
    authentication: [...ids],
  };
}
