import { localCategory } from '../categories/category-view.ts';
import type { Award, Category, Nomination, NominationEvent, Workplace } from '../db/database.ts';
import type { MessageKey } from '../i18n/index.ts';
import { formatDate } from '../lib/format.ts';
import { ErrorSummary, Field } from '../views/components.tsx';
import { ManageLayout, type ManageProps } from '../views/manage-layout.tsx';
import type { NominationRow } from './review-queries.ts';

type Section = { title: string; rows: NominationRow[]; next?: string | null; moreHref?: string };

/** The batch decline's state: the nominations ticked, its reason, and what was wrong with them. */
type SpamForm = { selected: Set<string>; reason: string; errors: Record<string, string> };

type QueueProps = ManageProps & {
  sections: Section[];
  categories: Map<string, Category>;
  overdueBefore: string;
  spam: SpamForm;
  message?: string | undefined;
  notice?: string | undefined;
};

/**
 * The review queue: what waits, and for the admin, what is overdue or for unlisted businesses. Each
 * nomination can be ticked, and those ticked declined as spam with one reason.
 */
export function QueuePage(props: QueueProps) {
  const { t, lang, spam } = props;
  const any = props.sections.some((section) => section.rows.length > 0);
  return (
    <ManageLayout {...props} title={t('manage.queue.title')}>
      <h1>{t('manage.queue.title')}</h1>
      <ErrorSummary message={props.message} />
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <form method="post" action="/manage/nominations/decline">
        {props.sections.map((section, s) => (
          <section>
            <h2>{section.title}</h2>
            {section.rows.length === 0 ? (
              <p class="muted">{t('manage.queue.empty')}</p>
            ) : (
              <ul class="queue">
                {section.rows.map((row) => {
                  const category = props.categories.get(row.category_slug);
                  return (
                    <li>
                      <input
                        type="checkbox"
                        class="pick"
                        name="ids"
                        value={row.id}
                        checked={spam.selected.has(row.id)}
                        id={`pick-${s}-${row.id}`}
                        aria-label={t('spam.pick', { name: row.staff_first_name })}
                      />{' '}
                      <a href={`/manage/nominations/${row.id}`}>
                        <strong>{row.staff_first_name}</strong>
                      </a>{' '}
                      <span class={`status ${row.status}`}>{t(`manage.status.${row.status}` as MessageKey)}</span>
                      <div class="meta">
                        {[
                          category ? localCategory(category, lang).name : row.category_slug,
                          row.listed_workplace_name ?? `${row.workplace_name} (${row.workplace_city})`,
                          formatDate(row.moment_date, lang),
                        ].join(' · ')}
                        {row.status === 'submitted' && row.created_at < props.overdueBefore ? (
                          <span class="overdue"> · {t('manage.nomination.received', { date: formatDate(row.created_at, lang) })}</span>
                        ) : null}
                      </div>
                      <blockquote>{row.story.length > 280 ? `${row.story.slice(0, 280)}…` : row.story}</blockquote>
                    </li>
                  );
                })}
              </ul>
            )}
            {section.next && section.moreHref ? (
              <p>
                <a href={`${section.moreHref}${section.moreHref.includes('?') ? '&' : '?'}cursor=${section.next}`}>
                  {t('manage.queue.more')}
                </a>
              </p>
            ) : null}
          </section>
        ))}
        {any ? (
          <div class="card">
            <h2>{t('spam.title')}</h2>
            {spam.errors.ids ? <p class="error">{spam.errors.ids}</p> : null}
            <Field name="reason" label={t('spam.reason')} hint={t('spam.hint')} error={spam.errors.reason}>
              {(aria) => <input type="text" name="reason" value={spam.reason} maxlength={1000} required {...aria} />}
            </Field>
            <button type="submit" class="danger">
              {t('spam.submit')}
            </button>
          </div>
        ) : null}
      </form>
    </ManageLayout>
  );
}

type NominationPageProps = ManageProps & {
  nomination: Nomination;
  events: NominationEvent[];
  award: Award | null;
  category: Category | undefined;
  workplace: Workplace | undefined;
  workplaces: Workplace[];
  errors: Record<string, string>;
  values: Record<string, string>;
  message?: string | undefined;
  actors: Map<string, string>;
};

/** One nomination: its details, its history, and the reviewer's decisions. */
export function NominationPage(props: NominationPageProps) {
  const { t, lang, nomination: n, errors } = props;
  const pending = n.status === 'submitted';
  return (
    <ManageLayout {...props} title={t('manage.nomination.title', { name: n.staff_first_name })}>
      <p>
        <a href="/manage">← {t('manage.back')}</a>
      </p>
      <h1>
        {t('manage.nomination.title', { name: n.staff_first_name })}{' '}
        <span class={`status ${n.status}`}>{t(`manage.status.${n.status}` as MessageKey)}</span>
      </h1>
      <ErrorSummary message={props.message} />
      <section class="card">
        <dl class="facts">
          <dt>{t('manage.nomination.workplace')}</dt>
          <dd>
            {props.workplace
              ? `${props.workplace.name} — ${props.workplace.city}`
              : t('manage.nomination.unlisted', { name: n.workplace_name ?? '', city: n.workplace_city ?? '' })}
          </dd>
          <dt>{t('manage.nomination.category')}</dt>
          <dd>{props.category ? localCategory(props.category, lang).name : n.category_slug}</dd>
          <dt>{t('manage.nomination.moment')}</dt>
          <dd>{formatDate(n.moment_date, lang)}</dd>
          {n.staff_role ? (
            <>
              <dt>{t('manage.nomination.role')}</dt>
              <dd>{n.staff_role}</dd>
            </>
          ) : null}
          {n.moment_place ? (
            <>
              <dt>{t('manage.nomination.place')}</dt>
              <dd>{n.moment_place}</dd>
            </>
          ) : null}
        </dl>
        <h2>{t('manage.nomination.story')}</h2>
        <p class="story">{n.story}</p>
        <p class="muted">{n.public_story_consent ? t('manage.nomination.storyPublic') : t('manage.nomination.storyPrivate')}</p>
      </section>

      {pending && n.workplace_id === null && props.actor.role === 'admin' ? (
        <form method="post" action={`/manage/nominations/${n.id}/attach`} class="card">
          <h2>{t('manage.attach.title')}</h2>
          <Field name="workplace" label={t('manage.nomination.workplace')} error={errors.workplace}>
            {(aria) => (
              <select name="workplace" {...aria}>
                {props.workplaces.map((w) => (
                  <option value={w.slug}>{`${w.name} — ${w.city}`}</option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit">{t('manage.attach.submit')}</button>
        </form>
      ) : null}

      {pending && n.workplace_id !== null ? (
        <div class="grid-2">
          <form method="post" action={`/manage/nominations/${n.id}/approve`} class="card">
            <h2>{t('manage.approve.title')}</h2>
            <Field
              name="employeeEmail"
              label={t('manage.approve.employeeEmail')}
              hint={t('manage.approve.employeeEmail.hint')}
              error={errors.employeeEmail}
            >
              {(aria) => <input type="email" name="employeeEmail" value={props.values.employeeEmail ?? ''} autocomplete="off" {...aria} />}
            </Field>
            <button type="submit">{t('manage.approve.submit')}</button>
          </form>
          <form method="post" action={`/manage/nominations/${n.id}/decline`} class="card">
            <h2>{t('manage.decline.title')}</h2>
            <Field name="reason" label={t('manage.decline.reason')} error={errors.reason}>
              {(aria) => (
                <textarea name="reason" rows={3} required {...aria}>
                  {props.values.reason ?? ''}
                </textarea>
              )}
            </Field>
            <label class="check">
              <input type="checkbox" name="shareReason" />
              <span>{t('manage.decline.share')}</span>
            </label>
            <button type="submit" class="secondary">
              {t('manage.decline.submit')}
            </button>
          </form>
        </div>
      ) : null}

      {props.award ? (
        <section class="card">
          <h2>{t('manage.claim.title')}</h2>
          {props.award.status === 'approved' ? (
            <>
              <p>{t('manage.claim.pending')}</p>
              <form method="post" action={`/manage/awards/${props.award.id}/claim-link`}>
                <Field
                  name="employeeEmail"
                  label={t('manage.approve.employeeEmail')}
                  hint={t('manage.approve.employeeEmail.hint')}
                  error={errors.employeeEmail}
                >
                  {(aria) => (
                    <input type="email" name="employeeEmail" value={props.values.employeeEmail ?? ''} autocomplete="off" {...aria} />
                  )}
                </Field>
                <button type="submit" class="secondary">
                  {t('manage.claim.reissue')}
                </button>
              </form>
            </>
          ) : props.award.status === 'claimed' ? (
            <p>
              {t('manage.claim.claimed')} <a href={`/b/${props.award.id}`}>{`/b/${props.award.id}`}</a>
            </p>
          ) : null}
          {props.award.status === 'approved' || props.award.status === 'claimed' ? (
            <form method="post" action={`/manage/awards/${props.award.id}/revoke`}>
              <h3>{t('manage.revoke.title')}</h3>
              <Field name="revokeReason" label={t('manage.revoke.reason')} hint={t('manage.revoke.published')} error={errors.reason}>
                {(aria) => <input type="text" name="reason" maxlength={500} required {...aria} />}
              </Field>
              <button type="submit" class="danger">
                {t('manage.revoke.submit')}
              </button>
            </form>
          ) : null}
        </section>
      ) : null}

      <section>
        <h2>{t('manage.nomination.history')}</h2>
        <ol class="steps">
          {props.events.map((e) => (
            <li>
              <strong>{t(`manage.event.${e.type}` as MessageKey)}</strong> — {formatDate(e.created_at, lang)}
              {e.actor.startsWith('user:') ? ` ${t('manage.event.by', { who: props.actors.get(e.actor.slice(5)) ?? '—' })}` : ''}
              {e.reason ? <div class="muted">« {e.reason} »</div> : null}
            </li>
          ))}
        </ol>
      </section>
    </ManageLayout>
  );
}

/** Shown once after approving or re-issuing: the private claim link to hand over. */
export function ClaimLinkPage(
  props: ManageProps & { name: string; claimUrl: string; expiresAt: string; mailed: boolean; nominationId: string },
) {
  const { t, lang } = props;
  return (
    <ManageLayout {...props} title={t('manage.claim.title')}>
      <h1>{t('manage.claim.title')}</h1>
      <div class="notice">
        <p>{t('manage.claim.lead', { name: props.name, date: formatDate(props.expiresAt, lang) })}</p>
        <p class="claim-link">
          <a href={props.claimUrl}>{props.claimUrl}</a>
        </p>
        {props.mailed ? <p>{t('manage.claim.mailed')}</p> : null}
      </div>
      <p>
        <a href={`/manage/nominations/${props.nominationId}`}>← {t('manage.back')}</a>
      </p>
    </ManageLayout>
  );
}
