import type { Ob3Outcome } from '../../credentials/ob3/sign.ts';
import type { Catalogue } from '../catalogue.ts';

// What /verify says for each outcome of an OB 3.0 check (verifyCredential's `outcome`), shaped like the
// i18n catalogues so that src/i18n/index.ts can merge it. The `satisfies` below makes a missing outcome a type error.

export const fr = {
  'ob3.check.format.ok': 'C’est un justificatif Open Badges 3.0.',
  'ob3.check.format.invalid': 'Ce document n’a pas la forme d’un justificatif Open Badges 3.0.',
  'ob3.check.issuer.ours': 'L’émetteur est cette instance d’Élan.',
  'ob3.check.issuer.unresolvable':
    'L’émetteur n’est pas vérifiable ici : ce badge vient d’un autre émetteur, dont la clé ne peut pas être consultée hors ligne. Cela ne veut pas dire qu’il est falsifié.',
  'ob3.check.proof.valid': 'La signature est valide : le contenu n’a pas été modifié depuis l’émission.',
  'ob3.check.proof.invalid': 'La signature ne correspond pas : le contenu a été modifié ou n’a pas été signé par cet émetteur.',
  'ob3.check.proof.unchecked': 'La signature n’a pas pu être vérifiée.',
  'ob3.check.status.active': 'Le badge n’a pas été révoqué.',
  'ob3.check.status.revoked': 'Le badge a été révoqué par son émetteur.',
  'ob3.check.status.none': 'Le badge ne déclare aucune liste de révocation.',
  'ob3.check.status.unavailable': 'La liste de révocation n’a pas pu être lue.',
  'ob3.check.status.unchecked': 'La révocation n’a pas pu être vérifiée.',
  'ob3.check.validity.current': 'Le badge est dans sa période de validité.',
  'ob3.check.validity.notYetValid': 'Le badge n’est pas encore valide.',
  'ob3.check.validity.expired': 'Le badge est expiré.',
  'ob3.check.validity.unreadable': 'Les dates de validité du badge sont illisibles.',
  'ob3.check.schema.valid': 'Le badge respecte le schéma JSON officiel d’Open Badges 3.0.',
  'ob3.check.schema.invalid': 'Le badge ne respecte pas le schéma JSON officiel d’Open Badges 3.0.',
  'ob3.check.schema.unavailable': 'Le schéma JSON officiel n’est pas disponible ici; cette vérification n’a pas été faite.',
} as const satisfies Record<`ob3.check.${Ob3Outcome}`, string>;

export const en: Catalogue<typeof fr> = {
  'ob3.check.format.ok': 'This is an Open Badges 3.0 credential.',
  'ob3.check.format.invalid': 'This document does not have the shape of an Open Badges 3.0 credential.',
  'ob3.check.issuer.ours': 'The issuer is this Élan instance.',
  'ob3.check.issuer.unresolvable':
    'The issuer is not resolvable here: this badge comes from another issuer, whose key cannot be looked up offline. This does not mean it is forged.',
  'ob3.check.proof.valid': 'The signature is valid: the content has not changed since it was issued.',
  'ob3.check.proof.invalid': 'The signature does not match: the content was changed, or was not signed by this issuer.',
  'ob3.check.proof.unchecked': 'The signature could not be checked.',
  'ob3.check.status.active': 'The badge has not been revoked.',
  'ob3.check.status.revoked': 'The badge was revoked by its issuer.',
  'ob3.check.status.none': 'The badge declares no revocation list.',
  'ob3.check.status.unavailable': 'The revocation list could not be read.',
  'ob3.check.status.unchecked': 'Revocation could not be checked.',
  'ob3.check.validity.current': 'The badge is within its validity period.',
  'ob3.check.validity.notYetValid': 'The badge is not valid yet.',
  'ob3.check.validity.expired': 'The badge has expired.',
  'ob3.check.validity.unreadable': 'The badge’s validity dates cannot be read.',
  'ob3.check.schema.valid': 'The badge matches the official Open Badges 3.0 JSON schema.',
  'ob3.check.schema.invalid': 'The badge does not match the official Open Badges 3.0 JSON schema.',
  'ob3.check.schema.unavailable': 'The official JSON schema is not available here; this check was not made.',
};
