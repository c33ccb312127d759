import { type Lang, translator } from '../i18n/index.ts';
import { formatDate } from '../lib/format.ts';
import type { AwardDetails } from './award-queries.ts';

/** The category's texts in the badge's language. */
export function categoryTexts(award: AwardDetails, lang: Lang) {
  return lang === 'fr'
    ? { name: award.name_fr, description: award.description_fr, criteria: award.criteria_fr }
    : { name: award.name_en, description: award.description_en, criteria: award.criteria_en };
}

/** Whether the story may appear in public: the nominator allowed it and the employee chose to show it. */
export function storyIsPublic(award: Pick<AwardDetails, 'public_story_consent' | 'show_story'>): boolean {
  return award.public_story_consent === 1 && award.show_story === 1;
}

/** The moment as evidence, worded once for both credentials: date, place, and the story only if it may be public. */
export function evidenceOf(
  award: Pick<
    AwardDetails,
    'moment_date' | 'moment_place' | 'staff_first_name' | 'workplace_name' | 'story' | 'public_story_consent' | 'show_story'
  >,
  lang: Lang,
) {
  const t = translator(lang);
  const place = award.moment_place ? ` (${award.moment_place})` : '';
  return {
    name: t('evidence.name', { date: formatDate(award.moment_date, lang) }),
    description: t('evidence.description', { name: award.staff_first_name, workplace: award.workplace_name ?? '', place }),
    narrative: storyIsPublic(award) ? award.story : null,
  };
}
