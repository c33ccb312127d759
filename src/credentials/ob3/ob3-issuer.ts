import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import { type Clock, systemClock } from '../../lib/clock.ts';
import type { Credential } from './credential.ts';
import { type CredentialWork, statusListUrlsOf } from './credential-work.ts';
import { buildDidDocument, type DidDocument, didWebFromUrl } from './did.ts';
import { createDocumentLoader, type DocumentLoader } from './document-loader.ts';
import { currentSigningKey, listSigningKeys } from './keys.ts';
import type { ControlledKey, Ob3VerifyResult } from './sign.ts';
import { type StatusListIssuer, signedStatusList } from './status-list.ts';

/** Everything signing and verifying OB 3.0 credentials needs, as the database holds it now. */
export type Ob3Issuer = {
  did: string;
  /** What /.well-known/did.json serves: every key, current and retired. */
  didDocument: DidDocument;
  /** Offline: bundled contexts, this DID document, and this instance's status lists from the database. */
  documentLoader: DocumentLoader;
  /** The current key, controlled by `did`. */
  key: ControlledKey;
  /** Signs with the current key, where `work` signs (the pool's threads in the server). */
  sign: (credential: Credential) => Promise<Credential>;
  /** Checks a credential from anyone at `now`, with the status lists it names read here first. */
  verify: (credential: unknown, now: Date) => Promise<Ob3VerifyResult>;
  /** For reserveStatusIndex and signedStatusList. */
  statusLists: StatusListIssuer;
};

/** The URL status list `listId` is served at. */
export function statusListUrl(publicUrl: string, listId: number): string {
  return `${publicUrl}/ob3/status/${listId}`;
}

/**
 * Reads the keys and assembles the issuer for one request or job. It is read afresh each time because another
 * process may have rotated the key (keys live in the database, not in memory). Needs ensureSigningKey to have run.
 * `work` signs and verifies: the context's pool (ctx.pool), or createLocalCredentialWork() in this thread; a status
 * list re-signed on the way is dated by `clock`.
 */
export async function loadOb3Issuer(
  db: Kysely<Database>,
  publicUrl: string,
  work: CredentialWork,
  clock: Clock = systemClock,
): Promise<Ob3Issuer> {
  const did = didWebFromUrl(publicUrl);
  const current = await currentSigningKey(db);
  const keys = await listSigningKeys(db);
  const didDocument = buildDidDocument(did, keys);
  const key: ControlledKey = {
    controller: did,
    id: current.id,
    publicKeyMultibase: current.publicKeyMultibase,
    secretKeyMultibase: current.secretKeyMultibase,
  };
  const sign = (credential: Credential) => work.sign({ credential, key, didDocument });
  const statusLists: StatusListIssuer = { issuer: did, listUrl: (listId) => statusListUrl(publicUrl, listId), sign };
  const listPrefix = statusListUrl(publicUrl, 0).slice(0, -1);
  const signedList = (url: string) => signedStatusList(db, async () => statusLists, { url }, clock.now());
  const documentLoader = createDocumentLoader({
    didDocument,
    resolveLocal: (url) => (url.startsWith(listPrefix) ? signedList(url) : Promise.resolve(null)),
  });
  const verify = async (credential: unknown, now: Date) => {
    const statusListDocuments: Record<string, Credential> = {};
    for (const url of statusListUrlsOf(credential, listPrefix)) {
      const list = await signedList(url);
      if (list) statusListDocuments[url] = list;
    }
    return work.verify({ credential, didDocument, statusLists: statusListDocuments, now: now.toISOString() });
  };
  return { did, didDocument, documentLoader, key, sign, verify, statusLists };
}
