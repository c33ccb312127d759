import { randomBytes } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { buildOpenBadgeCredential, type OpenBadgeCredentialInput } from '../../../src/credentials/ob3/credential.ts';
import { type CredentialWork, createLocalCredentialWork } from '../../../src/credentials/ob3/credential-work.ts';
import { buildDidDocument, didWebFromUrl } from '../../../src/credentials/ob3/did.ts';
import { createDocumentLoader } from '../../../src/credentials/ob3/document-loader.ts';
import { ensureSigningKey } from '../../../src/credentials/ob3/keys.ts';
import { loadOb3Issuer } from '../../../src/credentials/ob3/ob3-issuer.ts';
import { reserveStatusIndex } from '../../../src/credentials/ob3/status-list.ts';
import { newId } from '../../../src/lib/ids.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';

export const PUBLIC_URL = 'http://localhost:3000';

/** The credential an employee gets on claiming a "care" award, before signing. */
export function claimInput(
  did: string,
  status: { listUrl: string; index: number },
  overrides: Partial<OpenBadgeCredentialInput> = {},
): OpenBadgeCredentialInput {
  const id = newId();
  return {
    id: `${PUBLIC_URL}/ob3/credentials/${id}`,
    name: 'Service attentionné',
    issuer: { id: did, name: 'Élan', url: PUBLIC_URL, email: 'badges@localhost' },
    validFrom: new Date(Date.now() - 60_000).toISOString(),
    recipient: { email: 'amina@example.com', salt: randomBytes(16).toString('hex') },
    achievement: {
      id: `${PUBLIC_URL}/ob3/achievements/care`,
      name: 'Service attentionné',
      description: 'Pour une attention qui a changé la journée d’un client.',
      criteriaNarrative: 'Un client a raconté un moment où cette personne a pris soin de lui; un responsable l’a approuvé.',
      imageUrl: `${PUBLIC_URL}/b/${id}/badge.png`,
      inLanguage: 'fr-CA',
    },
    evidence: {
      name: 'Le moment souligné',
      description: 'Le 1er novembre 2026, au Café Rouge (Montréal).',
      narrative: 'Elle a retrouvé mon portefeuille oublié et couru me le rendre.',
    },
    status,
    ...overrides,
  };
}

/**
 * A fresh database with a first signing key, and the issuer assembled over it. It signs and verifies in this
 * thread, unless `work` says where (the context's pool: `(t) => t.ctx.pool`).
 */
export async function issuerWorld(options: { work?: (t: TestApp) => CredentialWork } = {}) {
  const t = await createTestApp({ env: { PUBLIC_URL } });
  await ensureSigningKey(t.ctx.db, new Date());
  const work = options.work?.(t) ?? createLocalCredentialWork();
  const load = () => loadOb3Issuer(t.ctx.db, PUBLIC_URL, work);
  const issuer = await load();

  /** Mints and signs a credential as the claim will: a random status index, then the signature. */
  const issue = async (overrides: Partial<OpenBadgeCredentialInput> = {}) => {
    const current = await load();
    const credentialId = `${PUBLIC_URL}/ob3/credentials/${newId()}`;
    const entry = await reserveStatusIndex(t.ctx.db, current.statusLists, credentialId, new Date());
    const unsigned = buildOpenBadgeCredential({ ...claimInput(current.did, entry), id: credentialId, ...overrides });
    return current.sign(unsigned);
  };

  return { ...t, issuer, load, issue };
}

/** Another instance of Élan elsewhere, with its own key that only it can resolve. */
export async function otherInstance(publicUrl: string) {
  const pair = await Ed25519Multikey.generate();
  const did = didWebFromUrl(publicUrl);
  const keyId = 'key-other';
  const documentLoader = createDocumentLoader({
    didDocument: buildDidDocument(did, [{ id: keyId, publicKeyMultibase: pair.publicKeyMultibase }]),
  });
  return {
    did,
    documentLoader,
    key: { controller: did, id: keyId, publicKeyMultibase: pair.publicKeyMultibase, secretKeyMultibase: pair.secretKeyMultibase ?? '' },
  };
}
