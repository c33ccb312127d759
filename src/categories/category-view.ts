import type { Category } from '../db/database.ts';
import type { Lang } from '../i18n/index.ts';

/** A category's texts in one language. */
export function localCategory(category: Category, lang: Lang) {
  return {
    slug: category.slug,
    name: lang === 'fr' ? category.name_fr : category.name_en,
    description: lang === 'fr' ? category.description_fr : category.description_en,
    criteria: lang === 'fr' ? category.criteria_fr : category.criteria_en,
    color: category.color,
  };
}

/** A category as the public API shows it: both languages. */
export function categoryJson(category: Category) {
  return {
    slug: category.slug,
    name: { fr: category.name_fr, en: category.name_en },
    description: { fr: category.description_fr, en: category.description_en },
    criteria: { fr: category.criteria_fr, en: category.criteria_en },
    color: category.color,
    retired: category.retired_at !== null,
  };
}
