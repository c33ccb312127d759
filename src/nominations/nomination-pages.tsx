import { localCategory } from '../categories/category-view.ts';
import type { Category, Workplace } from '../db/database.ts';
import { ErrorSummary, Field } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageProps } from '../views/types.ts';
import { ChallengeField, ChallengeHead } from './challenge-widget.tsx';

type NominateProps = PageProps & {
  action: string;
  /** When the form was opened from a workplace's QR code, that workplace; the choice is not shown. */
  workplace: Workplace | null;
  workplaces: Workplace[];
  categories: Category[];
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string | undefined;
  today: string;
  /** Whether the form asks for a solved proof-of-work challenge (NOMINATION_CHALLENGE=on). */
  challenge: boolean;
};

/** The nomination form, phone first: who, the moment, and optionally the nominator. */
export function NominatePage(props: NominateProps) {
  const { t, values, errors, workplace } = props;
  const title = workplace ? t('nominate.titleAt', { workplace: workplace.name }) : t('nominate.title');
  const v = (name: string) => values[name] ?? '';
  return (
    <Layout {...props} title={title} head={props.challenge ? <ChallengeHead /> : undefined}>
      <h1>{title}</h1>
      <p class="lead">{t('nominate.lead')}</p>
      <ErrorSummary message={props.message} />
      <form method="post" action={props.action} novalidate>
        <input type="hidden" name="lang" value={props.lang} />
        <fieldset>
          <legend>{t('nominate.section.who')}</legend>
          {workplace ? null : (
            <>
              <Field name="workplace" label={t('nominate.workplace')} error={errors.workplace}>
                {(aria) => (
                  <select name="workplace" {...aria}>
                    <option value="">{t('nominate.workplace.choose')}</option>
                    {props.workplaces.map((w) => (
                      <option value={w.slug} selected={v('workplace') === w.slug}>
                        {`${w.name} — ${w.city}`}
                      </option>
                    ))}
                    <option value="_other" selected={v('workplace') === '_other'}>
                      {t('nominate.workplace.other')}
                    </option>
                  </select>
                )}
              </Field>
              <Field
                name="workplaceName"
                label={t('nominate.workplaceName')}
                hint={t('nominate.workplaceName.hint')}
                error={errors.workplaceName}
              >
                {(aria) => (
                  <input
                    type="text"
                    name="workplaceName"
                    value={v('workplaceName')}
                    maxlength={120}
                    autocomplete="organization"
                    {...aria}
                  />
                )}
              </Field>
              <Field name="workplaceCity" label={t('nominate.workplaceCity')} error={errors.workplaceCity}>
                {(aria) => (
                  <input
                    type="text"
                    name="workplaceCity"
                    value={v('workplaceCity')}
                    maxlength={80}
                    autocomplete="address-level2"
                    {...aria}
                  />
                )}
              </Field>
            </>
          )}
          <Field
            name="staffFirstName"
            label={t('nominate.staffFirstName')}
            hint={t('nominate.staffFirstName.hint')}
            error={errors.staffFirstName}
          >
            {(aria) => (
              <input type="text" name="staffFirstName" value={v('staffFirstName')} required maxlength={60} autocomplete="off" {...aria} />
            )}
          </Field>
          <Field name="staffRole" label={t('nominate.staffRole')} hint={t('nominate.staffRole.hint')} error={errors.staffRole}>
            {(aria) => <input type="text" name="staffRole" value={v('staffRole')} maxlength={80} autocomplete="off" {...aria} />}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t('nominate.section.moment')}</legend>
          <Field name="momentDate" label={t('nominate.momentDate')} error={errors.momentDate}>
            {(aria) => <input type="date" name="momentDate" value={v('momentDate') || props.today} max={props.today} required {...aria} />}
          </Field>
          <Field name="momentPlace" label={t('nominate.momentPlace')} hint={t('nominate.momentPlace.hint')} error={errors.momentPlace}>
            {(aria) => <input type="text" name="momentPlace" value={v('momentPlace')} maxlength={120} {...aria} />}
          </Field>
          <fieldset
            class={errors.category ? 'field plain has-error' : 'field plain'}
            aria-describedby={errors.category ? 'f-category-error' : undefined}
          >
            <legend>{t('nominate.category')}</legend>
            <div class="choices">
              {props.categories.map((category) => {
                const local = localCategory(category, props.lang);
                return (
                  <label class="choice">
                    <input type="radio" name="category" value={category.slug} checked={v('category') === category.slug} required />
                    <span>
                      <strong>{local.name}</strong>
                      <span>{local.description}</span>
                    </span>
                  </label>
                );
              })}
            </div>
            {errors.category ? (
              <p class="error" id="f-category-error">
                {errors.category}
              </p>
            ) : null}
          </fieldset>
          <Field name="story" label={t('nominate.story')} hint={t('nominate.story.hint')} error={errors.story}>
            {(aria) => (
              <textarea name="story" rows={6} minlength={20} maxlength={2000} required {...aria}>
                {v('story')}
              </textarea>
            )}
          </Field>
          <label class="check">
            <input type="checkbox" name="publicStoryConsent" checked={v('publicStoryConsent') === 'on'} />
            <span>{t('nominate.publicStoryConsent')}</span>
          </label>
        </fieldset>
        <fieldset>
          <legend>{t('nominate.section.you')}</legend>
          <Field name="nominatorName" label={t('nominate.nominatorName')} error={errors.nominatorName}>
            {(aria) => (
              <input type="text" name="nominatorName" value={v('nominatorName')} maxlength={80} autocomplete="given-name" {...aria} />
            )}
          </Field>
          <Field
            name="nominatorEmail"
            label={t('nominate.nominatorEmail')}
            hint={t('nominate.nominatorEmail.hint')}
            error={errors.nominatorEmail}
          >
            {(aria) => (
              <input type="email" name="nominatorEmail" value={v('nominatorEmail')} maxlength={254} autocomplete="email" {...aria} />
            )}
          </Field>
        </fieldset>
        {props.challenge ? <ChallengeField t={t} error={errors.altcha} /> : null}
        <div class="trap" aria-hidden="true">
          <label for="f-website">{t('nominate.honeypot')}</label>
          <input type="text" id="f-website" name="website" tabindex={-1} autocomplete="off" />
        </div>
        <button type="submit">{t('nominate.submit')}</button>
      </form>
    </Layout>
  );
}

type ThanksProps = PageProps & {
  staffFirstName: string;
  workplaceListed: boolean;
  /** The private link's path, for withdrawing while the nomination waits; absent for a robot. */
  withdrawAction?: string | undefined;
  status?: string | undefined;
  notice?: string | undefined;
};

/** Shown after a nomination: what happens next, and that the nominator stays private. */
export function ThanksPage(props: ThanksProps) {
  const { t } = props;
  const name = props.staffFirstName;
  return (
    <Layout {...props} title={t('thanks.title')}>
      <section class="card">
        <h1>{t('thanks.title')}</h1>
        <p class="lead">{t('thanks.lead', { name })}</p>
        <h2>{t('thanks.next.title')}</h2>
        <ol class="steps">
          <li>{props.workplaceListed ? t('thanks.next.review') : t('thanks.next.unlisted', { name })}</li>
          <li>{t('thanks.next.badge', { name })}</li>
          <li>{t('thanks.next.private')}</li>
        </ol>
        <p>
          <a class="button secondary" href="/nominate">
            {t('thanks.another')}
          </a>
        </p>
      </section>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.withdrawAction && props.status === 'submitted' ? (
        <form method="post" action={props.withdrawAction} class="card">
          <p>{t('withdraw.lead')}</p>
          <button type="submit" class="secondary">
            {t('withdraw.button')}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}
