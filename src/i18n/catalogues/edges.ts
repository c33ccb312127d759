import type { Catalogue } from '../catalogue.ts';

export const fr = {
  'manage.revoke.published':
    'La raison est publiée : elle figure dans l’assertion Open Badges 2.0 du badge, que n’importe qui peut consulter. N’y mettez rien de privé.',
};

export const en: Catalogue<typeof fr> = {
  'manage.revoke.published':
    'The reason is published: it appears in the badge’s Open Badges 2.0 assertion, which anyone can read. Put nothing private in it.',
};
