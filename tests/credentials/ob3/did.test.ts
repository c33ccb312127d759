import { describe, expect, it } from 'vitest';
import { buildDidDocument, didWebFromUrl } from '../../../src/credentials/ob3/did.ts';

describe('the issuer’s did:web, from PUBLIC_URL', () => {
  it.each([
    ['https://badges.cafe-rouge.example', 'did:web:badges.cafe-rouge.example'],
    ['http://localhost:3000', 'did:web:localhost%3A3000'],
    ['https://Badges.Example:8443/', 'did:web:badges.example%3A8443'],
    ['https://example.com/elan/montreal', 'did:web:example.com:elan:montreal'],
    ['https://example.com/a%20b/', 'did:web:example.com:a%20b'],
  ])('%s is %s', (url, did) => {
    expect(didWebFromUrl(url)).toBe(did);
  });

  it('the DID document lists every key as a Multikey that may assert credentials and authenticate', () => {
    const did = 'did:web:localhost%3A3000';
    const document = buildDidDocument(did, [
      { id: 'key-old', publicKeyMultibase: 'z6MkOld' },
      { id: 'key-new', publicKeyMultibase: 'z6MkNew' },
    ]);
    expect(document).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: [
        { id: `${did}#key-old`, type: 'Multikey', controller: did, publicKeyMultibase: 'z6MkOld' },
        { id: `${did}#key-new`, type: 'Multikey', controller: did, publicKeyMultibase: 'z6MkNew' },
      ],
      assertionMethod: [`${did}#key-old`, `${did}#key-new`],
      authentication: [`${did}#key-old`, `${did}#key-new`],
    });
  });
});
