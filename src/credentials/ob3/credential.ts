import { sha256Hex } from '../../lib/ids.ts';
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from './document-loader.ts';

/** A JSON-LD credential, signed or not. */
export type Credential = Record<string, unknown>;

export type OpenBadgeCredentialInput = {
  /** Where the credential is served: PUBLIC_URL/ob3/credentials/:id. */
  id: string;
  /** What wallets show in their lists, e.g. the achievement's name. */
  name: string;
  issuer: { id: string; name: string; url: string; email: string };
  /** ISO 8601 with a timezone. */
  validFrom: string;
  /** ISO 8601 with a timezone; omit for a credential that does not expire. */
  validUntil?: string | null;
  /** The email the employee chose at claim time, and a salt of this credential's own. */
  recipient: { email: string; salt: string };
  achievement: {
    /** PUBLIC_URL/ob3/achievements/:category, which serves it. */
    id: string;
    name: string;
    description: string;
    criteriaNarrative: string;
    imageUrl: string;
    /** BCP 47 tag of the texts: 'fr-CA' or 'en'. */
    inLanguage: string;
  };
  /** The recognised moment, worded as in the OB 2.0 assertion; `narrative` (the story) only when it may be shown. */
  evidence: { name: string; description: string; narrative: string | null };
  status: { listUrl: string; index: number };
};

/** The OB recipient hash: `sha256$` + hex SHA-256 of (email + salt), the same in OB 2.0 and 3.0. */
export function hashEmail(email: string, salt: string): string {
  return `sha256$${sha256Hex(email + salt)}`;
}

/** The unsigned OpenBadgeCredential (VC 2.0, OB 3.0.3) for one claimed award; every property is defined by its contexts. */
export function buildOpenBadgeCredential(input: OpenBadgeCredentialInput): Credential {
  const { issuer, achievement, evidence, status } = input;
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: input.name,
    issuer: { id: issuer.id, type: ['Profile'], name: issuer.name, url: issuer.url, email: issuer.email },
    validFrom: input.validFrom,
    ...(input.validUntil ? { validUntil: input.validUntil } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: hashEmail(input.recipient.email, input.recipient.salt),
          identityType: 'emailAddress',
          hashed: true,
          salt: input.recipient.salt,
        },
      ],
      achievement: {
        id: achievement.id,
        type: ['Achievement'],
        name: achievement.name,
        description: achievement.description,
        criteria: { narrative: achievement.criteriaNarrative },
        image: { id: achievement.imageUrl, type: 'Image' },
        inLanguage: achievement.inLanguage,
      },
    },
    evidence: [
      {
        type: ['Evidence'],
        name: evidence.name,
        description: evidence.description,
        ...(evidence.narrative ? { narrative: evidence.narrative } : {}),
      },
    ],
    credentialStatus: {
      id: `${status.listUrl}#${status.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(status.index),
      statusListCredential: status.listUrl,
    },
  };
}
