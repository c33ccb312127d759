import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildOpenBadgeCredential } from '../../../src/credentials/ob3/credential.ts';
import { buildDidDocument, didWebFromUrl } from '../../../src/credentials/ob3/did.ts';
import {
  bundledContextUrls,
  createDocumentLoader,
  DocumentNotServedHereError,
  OB_V3_CONTEXT,
  VC_V2_CONTEXT,
} from '../../../src/credentials/ob3/document-loader.ts';
import { signCredential, verifyCredential } from '../../../src/credentials/ob3/sign.ts';
import { claimInput } from './fixtures.ts';

const did = didWebFromUrl('http://localhost:3000');
const didDocument = buildDidDocument(did, [{ id: 'key-a', publicKeyMultibase: 'z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' }]);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the offline document loader', () => {
  it('serves the VC 2.0 and OB 3.0.3 contexts from the installed packages', async () => {
    const loader = createDocumentLoader({ didDocument });
    expect(bundledContextUrls()).toEqual(expect.arrayContaining([VC_V2_CONTEXT, OB_V3_CONTEXT]));
    const vc = await loader(VC_V2_CONTEXT);
    expect(vc).toMatchObject({
      documentUrl: VC_V2_CONTEXT,
      document: { '@context': expect.objectContaining({ DataIntegrityProof: expect.anything() }) },
    });
    expect((await loader(OB_V3_CONTEXT)).document).toMatchObject({
      '@context': expect.objectContaining({ OpenBadgeCredential: expect.anything() }),
    });
  });

  const shared = fileURLToPath(new URL('../../../../shared/ob/contexts/', import.meta.url));
  it.skipIf(!existsSync(shared))('the packaged contexts are the same data as the copies in ../shared/ob/contexts', async () => {
    const loader = createDocumentLoader({ didDocument });
    const read = (file: string) => JSON.parse(readFileSync(`${shared}${file}`, 'utf8'));
    expect((await loader(VC_V2_CONTEXT)).document).toEqual(read('w3c_credentials_v2.jsonld'));
    expect((await loader(OB_V3_CONTEXT)).document).toEqual(read('ob_v3p0_context-3.0.3.json'));
  });

  it('serves our DID document and each of its keys as a Multikey', async () => {
    const loader = createDocumentLoader({ didDocument });
    expect((await loader(did)).document).toBe(didDocument);
    expect((await loader(`${did}#key-a`)).document).toEqual({
      '@context': 'https://w3id.org/security/multikey/v1',
      id: `${did}#key-a`,
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: 'z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
    });
  });

  it('serves what resolveLocal holds (the status lists) and nothing else', async () => {
    const loader = createDocumentLoader({
      didDocument,
      resolveLocal: async (url) => (url === 'http://localhost:3000/ob3/status/1' ? { id: url } : null),
    });
    expect((await loader('http://localhost:3000/ob3/status/1')).document).toEqual({ id: 'http://localhost:3000/ob3/status/1' });
    await expect(loader('http://localhost:3000/ob3/status/2')).rejects.toThrow(DocumentNotServedHereError);
  });

  it.each([
    'https://example.org/contexts/unknown.json',
    'https://w3id.org/security/data-integrity/v2',
    'did:web:elan.example',
    'did:web:localhost%3A3000#key-unknown',
    'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
  ])('refuses %s with a clear error, without touching the network', async (url) => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const loader = createDocumentLoader({ didDocument });
    await expect(loader(url)).rejects.toThrow(`Refused to load "${url}"`);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('signing and verifying need nothing beyond it: no fetch happens', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const pair = await Ed25519Multikey.generate();
    const document = buildDidDocument(did, [{ id: 'key-b', publicKeyMultibase: pair.publicKeyMultibase }]);
    const loader = createDocumentLoader({ didDocument: document });
    const unsigned = buildOpenBadgeCredential(claimInput(did, { listUrl: 'http://localhost:3000/ob3/status/1', index: 5 }));
    const key = {
      controller: did,
      id: 'key-b',
      publicKeyMultibase: pair.publicKeyMultibase,
      secretKeyMultibase: pair.secretKeyMultibase ?? '',
    };
    const signed = await signCredential(unsigned, key, loader);
    const result = await verifyCredential(signed, loader);
    expect(result.checks.find((c) => c.name === 'proof')?.ok).toBe(true);
    // The status list is not in this loader: the status check says so instead of reaching for the URL.
    expect(result.checks.find((c) => c.name === 'status')).toMatchObject({ ok: false, outcome: 'status.unavailable' });
    expect(result.checks.find((c) => c.name === 'status')?.message).toContain('Refused to load');
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
