import type { Credential } from './credential.ts';
import type { DidDocument } from './did.ts';
import { createDocumentLoader } from './document-loader.ts';
import { type ControlledKey, type Ob3VerifyResult, signCredential, verifyCredential } from './sign.ts';
import { type CredentialSuites, createCredentialSuites } from './suites.ts';

// Signing and verifying as plain data in, plain data out, so that the work can be sent to a worker thread
// (src/pool/): everything the JSON-LD document loader would read from the database is read first and sent along.

/** One credential to sign with `key`, controlled by the DID of `didDocument`. */
export type SignTask = { credential: Credential; key: ControlledKey; didDocument: DidDocument };

/** One credential from anyone, checked at `now` against this instance's DID document and the status lists it names. */
export type VerifyTask = {
  credential: unknown;
  didDocument: DidDocument;
  /** This instance's signed status list credentials the credential points at, by URL; a list not here is not ours. */
  statusLists: Record<string, Credential>;
  /** ISO time the dates are checked against. */
  now: string;
};

/** Where credentials are signed and verified: on the pool's threads in the server, or right here. */
export type CredentialWork = {
  sign: (task: SignTask) => Promise<Credential>;
  verify: (task: VerifyTask) => Promise<Ob3VerifyResult>;
};

/**
 * Signs and verifies in the calling thread, with suites of its own: what each worker thread runs, each thread
 * learning its canonicalisation templates from the credentials it signs (suites.ts).
 */
export function createLocalCredentialWork(suites: CredentialSuites = createCredentialSuites()): CredentialWork {
  return {
    sign: ({ credential, key, didDocument }) => signCredential(credential, key, createDocumentLoader({ didDocument }), { suites }),
    verify: ({ credential, didDocument, statusLists, now }) => {
      const documentLoader = createDocumentLoader({ didDocument, resolveLocal: async (url) => statusLists[url] ?? null });
      return verifyCredential(credential, documentLoader, { now: new Date(now), suites, learn: true });
    },
  };
}

/**
 * The status list URLs a credential names under `prefix` (this instance's), each once: what a verify task
 * must carry. The credential was weighed already (json-budget.ts), so its entries are few.
 */
export function statusListUrlsOf(credential: unknown, prefix: string): string[] {
  const status = (credential as { credentialStatus?: unknown } | null)?.credentialStatus;
  const urls = new Set<string>();
  for (const entry of ([] as unknown[]).concat(status ?? [])) {
    const url = (entry as { statusListCredential?: unknown } | null)?.statusListCredential;
    if (typeof url === 'string' && url.startsWith(prefix)) urls.add(url);
  }
  return [...urls];
}
