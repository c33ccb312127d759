import type { Catalogue } from '../catalogue.ts';

// The words of every message Élan mails (src/mail/templates.ts puts them together).
export const fr = {
  'mail.badgeClaimed.subject': 'Votre badge « {category} » est à vous',
  'mail.badgeClaimed.body':
    'Bravo {firstName}! Votre badge « {category} » et son titre vérifiable sont prêts. Gardez ce courriel : le lien ci-dessous vous y ramène en tout temps.',
  'mail.badgeClaimed.action': 'Retrouver mon badge',
  'mail.badgeClaimed.delete': 'Ce même lien vous permet de supprimer votre badge si vous le souhaitez un jour.',
  'mail.hello': 'Bonjour,',
  'mail.helloName': 'Bonjour {name},',
  'mail.signature': 'L’équipe Élan',
  'mail.footer': 'Message envoyé automatiquement par Élan, la plateforme qui transforme un merci de client en badge.',
  'mail.linkFallback': 'Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :',
  'mail.ignore': 'Si vous n’attendiez pas ce message, vous pouvez simplement l’ignorer.',

  'mail.newNomination.subject': 'Nouvelle reconnaissance pour {firstName}',
  'mail.newNomination.body': 'Un client a souligné le service de {firstName} chez {workplace}, dans la catégorie « {category} ».',
  'mail.newNomination.bodyNoWorkplace': 'Un client a souligné le service de {firstName}, dans la catégorie « {category} ».',
  'mail.newNomination.ask': 'Lisez son histoire et décidez si elle devient un badge : il suffit d’un moment.',
  'mail.newNomination.next':
    'Une fois la reconnaissance approuvée, vous obtiendrez un lien privé à remettre à {firstName} pour qu’il ou elle reçoive son badge.',
  'mail.newNomination.action': 'Lire la reconnaissance',

  'mail.managerInvite.subject': 'Invitation à rejoindre {workplace} sur Élan',
  'mail.managerInvite.body':
    'Vous êtes invité à lire et à approuver les reconnaissances que les clients de {workplace} adressent à votre équipe.',
  'mail.managerInvite.how': 'Ce lien personnel vous permet de choisir votre mot de passe. Il ne sert qu’une fois.',
  'mail.managerInvite.action': 'Accepter l’invitation',

  'mail.claimLink.subject': '{firstName}, un client a souligné votre service',
  'mail.claimLink.body':
    'Un client a pris le temps de dire merci pour le service que vous lui avez offert chez {workplace}. Sa reconnaissance a été approuvée : vous recevez le badge « {category} ».',
  'mail.claimLink.bodyNoWorkplace':
    'Un client a pris le temps de dire merci pour le service que vous lui avez offert. Sa reconnaissance a été approuvée : vous recevez le badge « {category} ».',
  'mail.claimLink.how':
    'Avec ce lien privé, lisez son histoire, téléchargez votre badge et choisissez ce qui sera public. Le badge vous appartient : vous pouvez le partager, ou le garder pour vous.',
  'mail.claimLink.action': 'Recevoir mon badge',
  'mail.claimLink.expires': 'Le lien est valide jusqu’au {date}. Gardez-le pour vous : il donne accès à votre badge.',
  'mail.claimLink.privacy': 'Élan ne conserve pas votre adresse courriel une fois ce message envoyé.',

  'mail.nominationConfirmation.subject': 'Merci d’avoir souligné le service de {firstName}',
  'mail.nominationConfirmation.body':
    'Merci d’avoir pris le temps de raconter ce moment. Un mot comme le vôtre fait une vraie différence pour {firstName}.',
  'mail.nominationConfirmation.next':
    'Et maintenant? Un responsable lira votre histoire. Une fois approuvée, {firstName} recevra un lien privé pour réclamer son badge, et nous vous l’écrirons.',
  'mail.nominationConfirmation.private': 'Votre nom et votre courriel ne seront jamais affichés.',
  'mail.nominationConfirmation.withdraw':
    'Ce lien privé vous permet de revoir votre reconnaissance, et de la retirer tant qu’elle n’a pas été examinée.',
  'mail.nominationConfirmation.action': 'Voir ma reconnaissance',

  'mail.nominationApproved.subject': 'Votre reconnaissance pour {firstName} a été approuvée',
  'mail.nominationApproved.body':
    'Bonne nouvelle : votre reconnaissance a été approuvée. {firstName} reçoit un badge pour le moment que vous avez raconté.',
  'mail.nominationApproved.next':
    '{firstName} choisira de le partager ou non. Dans tous les cas, votre merci lui sera transmis. Merci d’avoir pris ce temps.',

  'mail.nominationDeclined.subject': 'À propos de votre reconnaissance pour {firstName}',
  'mail.nominationDeclined.body':
    'Merci encore d’avoir souligné le service de {firstName}. Après lecture, votre reconnaissance n’a pas été retenue pour un badge cette fois-ci.',
  'mail.nominationDeclined.reason': 'Le mot de la personne qui l’a examinée : « {reason} »',
  'mail.nominationDeclined.next':
    'Votre geste compte quand même : dire ce qui a été bien fait, c’est déjà encourager. N’hésitez pas à souligner un autre moment.',

  'mail.passwordSetup.subject': 'Créez le compte d’administration d’Élan',
  'mail.passwordSetup.body':
    'Élan est installé et n’a pas encore d’administrateur. Ce lien à usage unique vous permet de créer ce compte et de choisir son mot de passe.',
  'mail.passwordSetup.action': 'Créer le compte',
  'mail.passwordSetup.expires': 'Le lien est valide jusqu’au {date} et ne sert qu’une fois.',
} as const;

export const en: Catalogue<typeof fr> = {
  'mail.badgeClaimed.subject': 'Your “{category}” badge is yours',
  'mail.badgeClaimed.body':
    'Well done, {firstName}! Your “{category}” badge and its verifiable credential are ready. Keep this email: the link below always leads back to it.',
  'mail.badgeClaimed.action': 'Find my badge',
  'mail.badgeClaimed.delete': 'The same link lets you delete your badge if you ever wish to.',
  'mail.hello': 'Hello,',
  'mail.helloName': 'Hello {name},',
  'mail.signature': 'The Élan team',
  'mail.footer': 'Sent automatically by Élan, the platform that turns a customer’s thanks into a badge.',
  'mail.linkFallback': 'If the button does not work, copy this link into your browser:',
  'mail.ignore': 'If you were not expecting this message, you can simply ignore it.',

  'mail.newNomination.subject': 'A new recognition for {firstName}',
  'mail.newNomination.body': 'A customer has recognised the service {firstName} gave at {workplace}, in the category “{category}”.',
  'mail.newNomination.bodyNoWorkplace': 'A customer has recognised the service {firstName} gave, in the category “{category}”.',
  'mail.newNomination.ask': 'Read their story and decide whether it becomes a badge: it only takes a moment.',
  'mail.newNomination.next': 'Once you approve it, you will get a private link to hand to {firstName} so they can receive their badge.',
  'mail.newNomination.action': 'Read the recognition',

  'mail.managerInvite.subject': 'You are invited to join {workplace} on Élan',
  'mail.managerInvite.body': 'You are invited to read and approve the recognitions that customers of {workplace} send to your team.',
  'mail.managerInvite.how': 'This personal link lets you choose your password. It works only once.',
  'mail.managerInvite.action': 'Accept the invitation',

  'mail.claimLink.subject': '{firstName}, a customer recognised your service',
  'mail.claimLink.body':
    'A customer took the time to say thank you for the service you gave them at {workplace}. Their recognition has been approved: you receive the “{category}” badge.',
  'mail.claimLink.bodyNoWorkplace':
    'A customer took the time to say thank you for the service you gave them. Their recognition has been approved: you receive the “{category}” badge.',
  'mail.claimLink.how':
    'With this private link, read their story, download your badge and choose what is public. The badge is yours: share it, or keep it to yourself.',
  'mail.claimLink.action': 'Receive my badge',
  'mail.claimLink.expires': 'The link is valid until {date}. Keep it to yourself: it opens your badge.',
  'mail.claimLink.privacy': 'Élan does not keep your email address once this message is sent.',

  'mail.nominationConfirmation.subject': 'Thank you for recognising {firstName}',
  'mail.nominationConfirmation.body':
    'Thank you for taking the time to tell us about this moment. Words like yours make a real difference to {firstName}.',
  'mail.nominationConfirmation.next':
    'What happens next? A manager will read your story. Once it is approved, {firstName} will receive a private link to claim their badge, and we will let you know.',
  'mail.nominationConfirmation.private': 'Your name and email will never be shown.',
  'mail.nominationConfirmation.withdraw':
    'This private link lets you see your recognition again, and withdraw it until it has been reviewed.',
  'mail.nominationConfirmation.action': 'See my recognition',

  'mail.nominationApproved.subject': 'Your recognition for {firstName} has been approved',
  'mail.nominationApproved.body':
    'Good news: your recognition has been approved. {firstName} receives a badge for the moment you told us about.',
  'mail.nominationApproved.next':
    '{firstName} will choose whether to share it. Either way, your thanks will reach them. Thank you for taking the time.',

  'mail.nominationDeclined.subject': 'About your recognition for {firstName}',
  'mail.nominationDeclined.body':
    'Thank you again for recognising {firstName}’s service. After review, your recognition was not turned into a badge this time.',
  'mail.nominationDeclined.reason': 'A word from the person who reviewed it: “{reason}”',
  'mail.nominationDeclined.next':
    'Your gesture still counts: saying what was done well is already encouragement. Feel free to recognise another moment.',

  'mail.passwordSetup.subject': 'Create Élan’s administrator account',
  'mail.passwordSetup.body':
    'Élan is installed and has no administrator yet. This one-time link lets you create that account and choose its password.',
  'mail.passwordSetup.action': 'Create the account',
  'mail.passwordSetup.expires': 'The link is valid until {date} and works only once.',
};
