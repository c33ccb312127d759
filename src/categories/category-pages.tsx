import type { Category } from '../db/database.ts';
import { ErrorSummary, Field } from '../views/components.tsx';
import { ManageLayout, type ManageProps } from '../views/manage-layout.tsx';

type Props = ManageProps & {
  categories: Category[];
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string | undefined;
  /** Which form the values and errors belong to: a category's slug, or 'new'. */
  editing: string | null;
};

const TEXTS = [
  ['nameFr', 'name_fr', 'manage.categories.nameFr'],
  ['nameEn', 'name_en', 'manage.categories.nameEn'],
  ['descriptionFr', 'description_fr', 'manage.categories.descriptionFr'],
  ['descriptionEn', 'description_en', 'manage.categories.descriptionEn'],
  ['criteriaFr', 'criteria_fr', 'manage.categories.criteriaFr'],
  ['criteriaEn', 'criteria_en', 'manage.categories.criteriaEn'],
] as const;

/** The admin's badge categories: edit both languages, retire, restore, add. */
export function CategoriesPage(props: Props) {
  const { t } = props;
  const form = (category: Category | null) => {
    const key = category?.slug ?? 'new';
    const mine = props.editing === key;
    const value = (field: string, fallback: string) => (mine ? (props.values[field] ?? fallback) : fallback);
    const error = (field: string) => (mine ? props.errors[field] : undefined);
    return (
      <form method="post" action={category ? `/manage/categories/${category.slug}` : '/manage/categories'}>
        {category ? null : (
          <Field name={`${key}-slug`} label={t('manage.categories.slug')} error={error('slug')}>
            {(aria) => <input type="text" name="slug" value={value('slug', '')} required maxlength={40} {...aria} />}
          </Field>
        )}
        {TEXTS.map(([field, column, label]) => (
          <Field name={`${key}-${field}`} label={t(label)} error={error(field)}>
            {(aria) =>
              field.startsWith('criteria') ? (
                <textarea name={field} rows={3} {...aria}>
                  {value(field, category ? category[column] : '')}
                </textarea>
              ) : (
                <input type="text" name={field} value={value(field, category ? category[column] : '')} {...aria} />
              )
            }
          </Field>
        ))}
        <Field name={`${key}-color`} label={t('manage.categories.color')} error={error('color')}>
          {(aria) => (
            <input type="text" name="color" value={value('color', category?.color ?? '#9f1239')} pattern="#[0-9a-fA-F]{6}" {...aria} />
          )}
        </Field>
        <button type="submit">{t('manage.categories.save')}</button>
      </form>
    );
  };
  return (
    <ManageLayout {...props} title={t('manage.categories.title')}>
      <h1>{t('manage.categories.title')}</h1>
      <p class="muted">{t('manage.categories.retiredNote')}</p>
      <ErrorSummary message={props.message} />
      {props.categories.map((category) => (
        <details class="card" open={props.editing === category.slug}>
          <summary>
            <strong>{category.name_fr}</strong> / {category.name_en}{' '}
            {category.retired_at ? <span class="status retired">{t('manage.categories.retired')}</span> : null}
          </summary>
          {form(category)}
          <form method="post" action={`/manage/categories/${category.slug}/${category.retired_at ? 'restore' : 'retire'}`}>
            <button type="submit" class="secondary">
              {category.retired_at ? t('manage.categories.restore') : t('manage.categories.retire')}
            </button>
          </form>
        </details>
      ))}
      <section class="card">
        <h2>{t('manage.categories.add')}</h2>
        {form(null)}
      </section>
    </ManageLayout>
  );
}
