import { formatDateTime } from '../lib/format.ts';
import { ErrorSummary, Field } from '../views/components.tsx';
import { ManageLayout, type ManageProps } from '../views/manage-layout.tsx';
import type { apiTokenJson } from './auth-service.ts';
import type { Person } from './people-service.ts';

type ApiTokenView = ReturnType<typeof apiTokenJson>;

/** The admin's list of people: their access, open sessions and working tokens, with the actions on each. */
export function PeoplePage(props: ManageProps & { people: Person[]; now: string; message?: string | undefined }) {
  const { t, lang, actor } = props;
  const when = (iso: string) => formatDateTime(iso, lang);
  return (
    <ManageLayout {...props} title={t('accounts.people.title')}>
      <h1>{t('accounts.people.title')}</h1>
      <p class="lead">{t('accounts.people.lead')}</p>
      <ErrorSummary message={props.message} />
      {props.people.map((a) => {
        const base = `/manage/people/${a.id}`;
        return (
          <section class="card" aria-labelledby={`person-${a.id}`}>
            <h2 id={`person-${a.id}`}>
              {a.email}
              {a.id === actor.id ? <span class="muted"> {t('accounts.people.you')}</span> : null}
            </h2>
            <p class="meta">
              {t(a.role === 'admin' ? 'accounts.role.admin' : 'accounts.role.manager')} ·{' '}
              {a.workplaces.length ? a.workplaces.map((w) => w.name).join(', ') : t('accounts.people.noWorkplace')} ·{' '}
              {a.disabled ? (
                <strong>{t('accounts.people.disabledSince', { date: when(a.disabledAt ?? '') })}</strong>
              ) : (
                t('accounts.people.enabled')
              )}
            </p>
            <form method="post" action={`${base}/${a.disabled ? 'enable' : 'disable'}`}>
              <button type="submit" class={a.disabled ? 'secondary' : 'danger'}>
                {t(a.disabled ? 'accounts.people.enable' : 'accounts.people.disable')}
              </button>
            </form>
            <h3>{t('accounts.people.sessions')}</h3>
            {a.sessions.length === 0 ? (
              <p class="muted">{t('accounts.people.noSession')}</p>
            ) : (
              <RowsWithAction
                headers={[t('accounts.session.opened'), t('accounts.session.lastSeen'), t('accounts.session.ends')]}
                rows={a.sessions.map((s) => ({
                  cells: [when(s.createdAt), when(s.lastSeenAt), when(s.expiresAt)],
                  action: `${base}/sessions/${s.id}/end`,
                  button: t('accounts.session.end'),
                }))}
              />
            )}
            <h3>{t('accounts.tokens.title')}</h3>
            {a.tokens.length === 0 ? (
              <p class="muted">{t('accounts.people.noToken')}</p>
            ) : (
              <TokenTable {...props} tokens={a.tokens} revokeAction={(id) => `${base}/tokens/${id}/revoke`} />
            )}
          </section>
        );
      })}
    </ManageLayout>
  );
}

type TokensProps = ManageProps & {
  tokens: ApiTokenView[];
  /** The clock's time, to say which tokens have expired. */
  now: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string | undefined;
  /** The token just made: its value is shown on this page only. */
  created?: { name: string; token: string; expiresAt: string } | undefined;
};

/** A signed-in person's own API tokens: make one (shown once), see when each was used, revoke. */
export function TokensPage(props: TokensProps) {
  const { t, lang, values, errors, created } = props;
  return (
    <ManageLayout {...props} title={t('accounts.tokens.title')}>
      <h1>{t('accounts.tokens.title')}</h1>
      <p class="lead">{t('accounts.tokens.lead')}</p>
      <p>{t('accounts.tokens.lifetime')}</p>
      {created ? (
        <div class="notice" role="status">
          <p>{t('accounts.tokens.created', { name: created.name, date: formatDateTime(created.expiresAt, lang) })}</p>
          <p class="claim-link">
            <code>{created.token}</code>
          </p>
          <p>{t('accounts.tokens.shownOnce')}</p>
        </div>
      ) : null}
      <ErrorSummary message={props.message} />
      <form method="post" action="/manage/tokens" class="card">
        <h2>{t('accounts.tokens.new')}</h2>
        <Field name="name" label={t('auth.token.name')} hint={t('accounts.tokens.nameHint')} error={errors.name}>
          {(aria) => <input type="text" name="name" value={values.name ?? ''} required maxlength={80} autocomplete="off" {...aria} />}
        </Field>
        <Field
          name="expiresInDays"
          label={t('accounts.tokens.expiresInDays')}
          hint={t('accounts.tokens.expiresInDaysHint')}
          error={errors.expiresInDays}
        >
          {(aria) => (
            <input type="number" name="expiresInDays" value={values.expiresInDays ?? '90'} min={1} max={365} step={1} required {...aria} />
          )}
        </Field>
        <button type="submit">{t('accounts.tokens.create')}</button>
      </form>
      <h2>{t('accounts.tokens.yours')}</h2>
      {props.tokens.length === 0 ? (
        <p class="muted">{t('accounts.tokens.none')}</p>
      ) : (
        <TokenTable {...props} tokens={props.tokens} revokeAction={(id) => `/manage/tokens/${id}/revoke`} />
      )}
    </ManageLayout>
  );
}

/** API tokens with their dates and a revoke button each; an expired one says so. */
function TokenTable(props: ManageProps & { tokens: ApiTokenView[]; now: string; revokeAction: (id: string) => string }) {
  const { t, lang, now } = props;
  const when = (iso: string) => formatDateTime(iso, lang);
  return (
    <RowsWithAction
      headers={[t('auth.token.name'), t('accounts.token.created'), t('accounts.token.lastUsed'), t('accounts.token.expires')]}
      rows={props.tokens.map((token) => ({
        cells: [
          token.name,
          when(token.createdAt),
          token.lastUsedAt ? when(token.lastUsedAt) : t('accounts.token.neverUsed'),
          token.expiresAt <= now ? t('accounts.token.expired', { date: when(token.expiresAt) }) : when(token.expiresAt),
        ],
        action: props.revokeAction(token.id),
        button: t('accounts.token.revoke'),
        label: t('accounts.token.revokeNamed', { name: token.name }),
      }))}
    />
  );
}

/** A table whose every row ends with one button posting to the row's own action (end a session, revoke a token). */
function RowsWithAction(props: { headers: string[]; rows: { cells: string[]; action: string; button: string; label?: string }[] }) {
  return (
    <table>
      <thead>
        <tr>
          {props.headers.map((header) => (
            <th>{header}</th>
          ))}
          <th />
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr>
            {row.cells.map((cell) => (
              <td>{cell}</td>
            ))}
            <td>
              <form method="post" action={row.action} class="inline">
                <button type="submit" class="link" aria-label={row.label}>
                  {row.button}
                </button>
              </form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
