import type { Catalogue } from '../catalogue.ts';

// The proof-of-work check on the nomination form (NOMINATION_CHALLENGE=on), the widget's own words, and the
// reviewers' batch decline of spam.
export const fr = {
  'challenge.legend': 'Vérification anti-robot',
  'challenge.hint':
    'Votre navigateur fait un petit calcul pour montrer que ce formulaire n’est pas rempli par un robot. Rien n’est envoyé à un tiers.',
  'challenge.noscript':
    'Ce calcul a besoin de JavaScript, qui est désactivé : sans lui, la reconnaissance n’est pas prise et le formulaire revient avec un message. Activez JavaScript pour ce site avant d’envoyer.',
  'challenge.missing': 'Cochez « Je ne suis pas un robot » avant d’envoyer (le calcul a besoin de JavaScript).',
  'challenge.invalid': 'La vérification anti-robot n’est pas valide. Cochez la case de nouveau.',
  'challenge.expired': 'La vérification anti-robot a expiré (10 minutes). Cochez la case de nouveau.',
  'challenge.reused': 'Cette vérification anti-robot a déjà servi. Cochez la case de nouveau.',
  'challenge.widget.label': 'Je ne suis pas un robot',
  'challenge.widget.verifying': 'Vérification…',
  'challenge.widget.verified': 'Vérifié',
  'challenge.widget.waitAlert': 'Vérification en cours… un instant.',
  'challenge.widget.error': 'La vérification a échoué. Réessayez dans un moment.',
  'challenge.widget.expired': 'La vérification a expiré. Réessayez.',
  'challenge.widget.verificationRequired': 'Vérification requise!',
  'challenge.widget.verify': 'Vérifier',
  'challenge.widget.loading': 'Chargement…',
  'challenge.widget.reload': 'Recharger',
  'spam.title': 'Refuser la sélection comme pourriel',
  'spam.pick': 'Sélectionner la reconnaissance pour {name}',
  'spam.reason': 'Raison, gardée à l’historique de chacune',
  'spam.reason.default': 'Pourriel',
  'spam.hint': 'Chaque reconnaissance cochée est refusée avec cette raison. Personne n’en est averti par courriel.',
  'spam.submit': 'Refuser la sélection',
  'spam.ids': 'Choisissez de 1 à 100 reconnaissances.',
  'spam.done': '{count} reconnaissance(s) refusée(s) comme pourriel.',
} as const;

export const en: Catalogue<typeof fr> = {
  'challenge.legend': 'Robot check',
  'challenge.hint':
    'Your browser does a small calculation to show that this form is not filled in by a robot. Nothing is sent to anyone else.',
  'challenge.noscript':
    'This calculation needs JavaScript, which is off: without it, the recognition is not taken and the form comes back with a message. Turn JavaScript on for this site before sending.',
  'challenge.missing': 'Tick “I’m not a robot” before sending (the calculation needs JavaScript).',
  'challenge.invalid': 'The robot check is not valid. Tick the box again.',
  'challenge.expired': 'The robot check has expired (10 minutes). Tick the box again.',
  'challenge.reused': 'This robot check has already been used. Tick the box again.',
  'challenge.widget.label': 'I’m not a robot',
  'challenge.widget.verifying': 'Verifying…',
  'challenge.widget.verified': 'Verified',
  'challenge.widget.waitAlert': 'Verifying… one moment.',
  'challenge.widget.error': 'The check failed. Try again in a moment.',
  'challenge.widget.expired': 'The check has expired. Try again.',
  'challenge.widget.verificationRequired': 'Verification required!',
  'challenge.widget.verify': 'Verify',
  'challenge.widget.loading': 'Loading…',
  'challenge.widget.reload': 'Reload',
  'spam.title': 'Decline the selection as spam',
  'spam.pick': 'Select the recognition for {name}',
  'spam.reason': 'Reason, kept in the history of each',
  'spam.reason.default': 'Spam',
  'spam.hint': 'Every ticked recognition is declined with this reason. Nobody is told by email.',
  'spam.submit': 'Decline the selection',
  'spam.ids': 'Choose from 1 to 100 recognitions.',
  'spam.done': '{count} recognition(s) declined as spam.',
};
