import type { Workplace } from '../db/database.ts';
import { formatDate } from '../lib/format.ts';
import { ErrorSummary, Field, Notice } from '../views/components.tsx';
import { ManageLayout, type ManageProps } from '../views/manage-layout.tsx';

type FormState = { values: Record<string, string>; errors: Record<string, string>; message?: string | undefined };

/** The list of workplaces, and for the admin the form to add one. */
export function WorkplacesPage(props: ManageProps & FormState & { workplaces: Workplace[] }) {
  const { t, values, errors } = props;
  return (
    <ManageLayout {...props} title={t('manage.workplaces.title')}>
      <h1>{t('manage.workplaces.title')}</h1>
      <ErrorSummary message={props.message} />
      {props.workplaces.length === 0 ? <p class="muted">{t('manage.workplaces.empty')}</p> : null}
      <ul class="queue">
        {props.workplaces.map((w) => (
          <li>
            <a href={`/manage/workplaces/${w.slug}`}>
              <strong>{w.name}</strong>
            </a>
            <div class="meta">
              {w.city} · /w/{w.slug}/nominate
            </div>
          </li>
        ))}
      </ul>
      {props.actor.role === 'admin' ? (
        <form method="post" action="/manage/workplaces" class="card">
          <h2>{t('manage.workplaces.add')}</h2>
          <Field name="name" label={t('manage.workplaces.name')} error={errors.name}>
            {(aria) => <input type="text" name="name" value={values.name ?? ''} required maxlength={120} {...aria} />}
          </Field>
          <Field name="slug" label={t('manage.workplaces.slug')} hint={t('manage.workplaces.slug.hint')} error={errors.slug}>
            {(aria) => <input type="text" name="slug" value={values.slug ?? ''} pattern="[a-z0-9-]+" maxlength={64} {...aria} />}
          </Field>
          <Field name="city" label={t('manage.workplaces.city')} error={errors.city}>
            {(aria) => <input type="text" name="city" value={values.city ?? ''} required maxlength={80} {...aria} />}
          </Field>
          <LangSelect {...props} value={values.lang ?? 'fr'} />
          <button type="submit">{t('manage.workplaces.create')}</button>
        </form>
      ) : null}
    </ManageLayout>
  );
}

function LangSelect(props: ManageProps & { value: string }) {
  return (
    <Field name="lang" label={props.t('manage.workplaces.lang')}>
      {(aria) => (
        <select name="lang" {...aria}>
          <option value="fr" selected={props.value === 'fr'}>
            Français
          </option>
          <option value="en" selected={props.value === 'en'}>
            English
          </option>
        </select>
      )}
    </Field>
  );
}

type WorkplaceProps = ManageProps &
  FormState & {
    workplace: Workplace;
    managers: { id: string; email: string; created_at: string }[];
    invited: { email: string; created_at: string; expires_at: string }[];
    notice?: string | undefined;
    /** Links other features add to a workplace's page (counter card, wall…). */
    links: { href: string; label: string }[];
  };

/** One workplace: its settings, its managers, and its links (form, counter card). */
export function WorkplacePage(props: WorkplaceProps) {
  const { t, workplace: w, values, errors } = props;
  const admin = props.actor.role === 'admin';
  const v = (name: string, fallback: string) => values[name] ?? fallback;
  return (
    <ManageLayout {...props} title={w.name}>
      <h1>{w.name}</h1>
      <Notice message={props.notice} />
      <ErrorSummary message={props.message} />
      <ul>
        <li>
          <a href={`/w/${w.slug}/nominate`}>{t('manage.workplaces.nominateLink')}</a>
        </li>
        {props.links.map((link) => (
          <li>
            <a href={link.href}>{link.label}</a>
          </li>
        ))}
      </ul>
      <form method="post" action={`/manage/workplaces/${w.slug}`} class="card">
        {admin ? (
          <>
            <Field name="name" label={t('manage.workplaces.name')} error={errors.name}>
              {(aria) => <input type="text" name="name" value={v('name', w.name)} required maxlength={120} {...aria} />}
            </Field>
            <Field name="city" label={t('manage.workplaces.city')} error={errors.city}>
              {(aria) => <input type="text" name="city" value={v('city', w.city)} required maxlength={80} {...aria} />}
            </Field>
          </>
        ) : null}
        <LangSelect {...props} value={v('lang', w.lang)} />
        <label class="check">
          <input type="checkbox" name="publicWall" checked={w.public_wall === 1} />
          <span>{t('manage.workplaces.publicWall')}</span>
        </label>
        <button type="submit">{t('manage.workplaces.save')}</button>
      </form>
      <section class="card">
        <h2>{t('manage.workplaces.managers')}</h2>
        <ul>
          {props.managers.map((m) => (
            <li>
              {m.email} <span class="muted">{t('accounts.managerSince', { date: formatDate(m.created_at, props.lang) })}</span>
              {admin ? (
                <>
                  {' '}
                  <form method="post" action={`/manage/workplaces/${w.slug}/managers/${m.id}/remove`} class="inline">
                    <button type="submit" class="link" aria-label={t('accounts.removeManagerNamed', { email: m.email })}>
                      {t('accounts.removeManager')}
                    </button>
                  </form>
                </>
              ) : null}
            </li>
          ))}
          {props.invited.map((i) => (
            <li class="muted">
              {t('manage.workplaces.invited', { email: i.email })}{' '}
              {t('accounts.invitedOn', { date: formatDate(i.created_at, props.lang), until: formatDate(i.expires_at, props.lang) })}
            </li>
          ))}
        </ul>
        {admin && props.managers.length > 0 ? <p class="hint">{t('accounts.removeManagerHint')}</p> : null}
        {admin ? (
          <form method="post" action={`/manage/workplaces/${w.slug}/managers`}>
            <Field name="email" label={t('manage.workplaces.invite')} error={errors.email}>
              {(aria) => <input type="email" name="email" value={values.email ?? ''} required autocomplete="off" {...aria} />}
            </Field>
            <button type="submit" class="secondary">
              {t('manage.workplaces.inviteSubmit')}
            </button>
          </form>
        ) : null}
      </section>
    </ManageLayout>
  );
}
