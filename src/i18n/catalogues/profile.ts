import type { Catalogue } from '../catalogue.ts';

// The employee's public profile and the card drawn for it (its Open Graph image).
export const fr = {
  'profile.card.eyebrow': 'RECONNAISSANCES DE SERVICE',
  'profile.card.countOne': '1 badge reçu de clients',
  'profile.card.countMany': '{count} badges reçus de clients',
  'profile.card.issuer': 'Décernés par {issuer}',
};

export const en: Catalogue<typeof fr> = {
  'profile.card.eyebrow': 'SERVICE RECOGNITIONS',
  'profile.card.countOne': '1 badge from customers',
  'profile.card.countMany': '{count} badges from customers',
  'profile.card.issuer': 'Awarded by {issuer}',
};
