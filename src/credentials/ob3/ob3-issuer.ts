import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Credential } from './credential.ts';
import { buildDidDocument, type DidDocument, didWebFromUrl } from './did.ts';
import { createDocumentLoader, type DocumentLoader } from './document-loader.ts';
import { currentSigningKey, listSigningKeys } from './keys.ts';
import { type ControlledKey, signCredential } from './sign.ts';
import { findStatusListCredentialByUrl, type StatusListIssuer } from './status-list.ts';
import type { CredentialSuites } from './suites.ts';

/** Everything signing and verifying OB 3.0 credentials needs, as the database holds it now. */
export type Ob3Issuer = {
  did: string;
  /** What /.well-known/did.json serves: every key, current and retired. */
  didDocument: DidDocument;
  /** Offline: bundled contexts, this DID document, and this instance's status lists from the database. */
  documentLoader: DocumentLoader;
  /** The current key, controlled by `did`. */
  key: ControlledKey;
  /** Signs with the current key. */
  sign: (credential: Credential) => Promise<Credential>;
  /** For reserveStatusIndex and setStatusRevoked. */
  statusLists: StatusListIssuer;
  /** What signing and verifying keep between calls: the context's. */
  suites: CredentialSuites;
};

/** The URL status list `listId` is served at. */
export function statusListUrl(publicUrl: string, listId: number): string {
  return `${publicUrl}/ob3/status/${listId}`;
}

/**
 * Reads the keys and assembles the issuer for one request or job. It is read afresh each time because another
 * process may have rotated the key (keys live in the database, not in memory). Needs ensureSigningKey to have run.
 * `suites` are the context's (AppContext.caches.credentialSuites).
 */
export async function loadOb3Issuer(db: Kysely<Database>, publicUrl: string, suites: CredentialSuites): Promise<Ob3Issuer> {
  const did = didWebFromUrl(publicUrl);
  const current = await currentSigningKey(db);
  const keys = await listSigningKeys(db);
  const didDocument = buildDidDocument(did, keys);
  const documentLoader = createDocumentLoader({
    didDocument,
    resolveLocal: (url) => (url.startsWith(`${publicUrl}/ob3/status/`) ? findStatusListCredentialByUrl(db, url) : Promise.resolve(null)),
  });
  const key: ControlledKey = {
    controller: did,
    id: current.id,
    publicKeyMultibase: current.publicKeyMultibase,
    secretKeyMultibase: current.secretKeyMultibase,
  };
  const sign = (credential: Credential) => signCredential(credential, key, documentLoader, { suites });
  return {
    did,
    didDocument,
    documentLoader,
    key,
    sign,
    statusLists: { issuer: did, listUrl: (listId) => statusListUrl(publicUrl, listId), sign },
    suites,
  };
}
