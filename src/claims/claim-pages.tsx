import type { AwardDetails } from '../awards/award-queries.ts';
import { categoryTexts } from '../awards/award-texts.ts';
import type { Lang } from '../i18n/index.ts';
import { formatDate } from '../lib/format.ts';
import { ErrorSummary, Field } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageProps } from '../views/types.ts';
import { issueYearMonth, linkedInShareUrl } from './share.ts';

type ClaimPageProps = PageProps & {
  award: AwardDetails;
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string | undefined;
};

/** The employee's claim: the badge, the story, who it is from, and their choices. */
export function ClaimPage(props: ClaimPageProps) {
  const { t, lang, award, values, errors } = props;
  const category = categoryTexts(award, lang);
  const checked = (name: string, fallback: boolean) => (name in values ? values[name] === 'on' : fallback);
  return (
    <Layout {...props} title={t('claim.title', { name: award.staff_first_name })}>
      <h1>{t('claim.title', { name: award.staff_first_name })}</h1>
      <p class="lead">{t('claim.lead')}</p>
      <div class="badge-hero">
        <img src={`/b/${award.id}/image.png?lang=${lang}`} width={300} height={300} alt={`${category.name} — ${award.staff_first_name}`} />
        <div>
          <p>
            <strong>{category.name}</strong> · {award.workplace_name} · {formatDate(award.moment_date, lang)}
          </p>
          <p class="muted">
            {award.nominator_name ? t('claim.from', { name: award.nominator_name.split(' ')[0] ?? '' }) : t('claim.fromAnonymous')}
          </p>
        </div>
      </div>
      <h2>{t('claim.story')}</h2>
      <p class="story">{award.story}</p>
      <ErrorSummary message={props.message} />
      <form method="post" action={props.path} class="card">
        <h2>{t('claim.choices')}</h2>
        <Field name="email" label={t('claim.email')} hint={t('claim.email.hint')} error={errors.email}>
          {(aria) => <input type="email" name="email" value={values.email ?? ''} autocomplete="email" required {...aria} />}
        </Field>
        <Field name="lang" label={t('claim.lang')} error={errors.lang}>
          {(aria) => (
            <select name="lang" {...aria}>
              <option value="fr" selected={(values.lang ?? lang) === 'fr'}>
                Français
              </option>
              <option value="en" selected={(values.lang ?? lang) === 'en'}>
                English
              </option>
            </select>
          )}
        </Field>
        <label class="check">
          <input type="checkbox" name="publicPage" checked={checked('publicPage', true)} />
          <span>{t('claim.publicPage')}</span>
        </label>
        {award.public_story_consent ? (
          <label class="check">
            <input type="checkbox" name="showStory" checked={checked('showStory', false)} />
            <span>{t('claim.showStory')}</span>
          </label>
        ) : (
          <p class="muted">{t('claim.storyNotAllowed')}</p>
        )}
        <button type="submit">{t('claim.submit')}</button>
      </form>
    </Layout>
  );
}

export type ShareKitProps = {
  t: PageProps['t'];
  lang: Lang;
  awardId: string;
  categoryName: string;
  issuerName: string;
  issuedOn: string;
  pageUrl: string;
  linkedInAddUrl: string;
  publicPage: boolean;
};

/** Downloads, LinkedIn's add-to-profile link with its copy-paste fallback, and the feed share link. */
export function ShareKit(props: ShareKitProps) {
  const { t } = props;
  const { year, month } = issueYearMonth(props.issuedOn);
  return (
    <section class="card share-kit">
      <h2>{t('share.title')}</h2>
      <ul class="actions">
        <li>
          <a class="button" href={`/b/${props.awardId}/badge.png`} download>
            {t('share.download')}
          </a>
        </li>
        <li>
          <a class="button secondary" href={`/b/${props.awardId}/card.png`} download>
            {t('share.card')}
          </a>
        </li>
        <li>
          <a class="button secondary" href={`/b/${props.awardId}/credential.json`} download>
            {t('share.ob3')}
          </a>
        </li>
        {props.publicPage ? (
          <>
            <li>
              <a class="button secondary" href={props.linkedInAddUrl} rel="noopener" target="_blank">
                {t('share.linkedinAdd')}
              </a>
            </li>
            <li>
              <a class="button secondary" href={linkedInShareUrl(props.pageUrl)} rel="noopener" target="_blank">
                {t('share.linkedinShare')}
              </a>
            </li>
          </>
        ) : null}
      </ul>
      {props.publicPage ? (
        <>
          <p>{t('share.copyTitle')}</p>
          <dl class="facts copy-block">
            <dt>{t('share.field.name')}</dt>
            <dd>{props.categoryName}</dd>
            <dt>{t('share.field.organization')}</dt>
            <dd>{props.issuerName}</dd>
            <dt>{t('share.field.issued')}</dt>
            <dd>{`${year}-${String(month).padStart(2, '0')}`}</dd>
            <dt>{t('share.field.url')}</dt>
            <dd>{props.pageUrl}</dd>
            <dt>{t('share.field.id')}</dt>
            <dd>{props.awardId}</dd>
          </dl>
          <p>
            {t('share.page')}
            <br />
            <a class="url" href={props.pageUrl}>
              {props.pageUrl}
            </a>
          </p>
        </>
      ) : null}
    </section>
  );
}

/** After claiming: congratulations and the share kit. */
export function ClaimedPage(props: PageProps & { firstName: string; kit: ShareKitProps }) {
  const { t } = props;
  return (
    <Layout {...props} title={t('claim.done.title', { name: props.firstName })}>
      <h1>{t('claim.done.title', { name: props.firstName })}</h1>
      <p class="lead">{t('claim.done.lead')}</p>
      <p>
        <img src={`/b/${props.kit.awardId}/image.png`} width={300} height={300} alt={`${props.kit.categoryName} — ${props.firstName}`} />
      </p>
      <ShareKit {...props.kit} />
      <p class="muted">{t('claim.done.mailed')}</p>
    </Layout>
  );
}

/** The employee's own page for a claimed badge, from the link in their mail: find it, or delete it. */
export function MyBadgePage(props: PageProps & { kit: ShareKitProps | null; deleted: boolean; action: string }) {
  const { t } = props;
  return (
    <Layout {...props} title={t('my.title')}>
      <h1>{t('my.title')}</h1>
      {props.deleted ? (
        <p class="notice" role="status">
          {t('my.deleted')}
        </p>
      ) : null}
      {props.kit ? (
        <>
          <ShareKit {...props.kit} />
          <form method="post" action={props.action} class="card">
            <p>{t('my.delete.lead')}</p>
            <button type="submit" class="danger">
              {t('my.delete')}
            </button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}

/** Shown instead of a claim form when the link cannot be used. */
export function ClaimUnavailablePage(props: PageProps & { message: string }) {
  return (
    <Layout {...props} title={props.t('my.title')}>
      <section class="card">
        <h1>{props.t('my.title')}</h1>
        <p role="alert">{props.message}</p>
      </section>
    </Layout>
  );
}
