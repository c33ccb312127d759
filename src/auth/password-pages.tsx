import { ErrorSummary, Field, Notice } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import { ManageLayout, type ManageProps } from '../views/manage-layout.tsx';
import type { PageProps } from '../views/types.ts';

type ResetRequestProps = PageProps & { email: string; error?: string | undefined; message?: string | undefined };

/** Asks for a reset link by email; also what a dead link shows, with the reason as its message. */
export function ResetRequestPage(props: ResetRequestProps) {
  const { t } = props;
  return (
    <Layout {...props} title={t('passwords.reset.title')}>
      <h1>{t('passwords.reset.title')}</h1>
      <ErrorSummary message={props.message} />
      <p class="lead">{t('passwords.reset.lead')}</p>
      <form method="post" action="/password-reset" class="card">
        <Field name="email" label={t('auth.email')} error={props.error}>
          {(aria) => <input type="email" name="email" value={props.email} autocomplete="username" required {...aria} />}
        </Field>
        <button type="submit">{t('passwords.reset.submit')}</button>
      </form>
    </Layout>
  );
}

/** The one answer to a reset request, whether or not the address has an account. */
export function ResetSentPage(props: PageProps & { email: string; minutes: number }) {
  const { t } = props;
  return (
    <Layout {...props} title={t('passwords.reset.sent.title')}>
      <h1>{t('passwords.reset.sent.title')}</h1>
      <Notice message={t('passwords.reset.sent.body', { email: props.email, minutes: props.minutes })} />
      <p>
        <a href="/password-reset">{t('passwords.reset.sent.again')}</a>
      </p>
    </Layout>
  );
}

type AccountProps = ManageProps & { errors: Record<string, string>; message?: string | undefined; notice?: string | undefined };

/** /manage/account: who is signed in, and the form that changes the password. */
export function AccountPage(props: AccountProps) {
  const { t, actor } = props;
  return (
    <ManageLayout {...props} title={t('passwords.account.title')}>
      <h1>{t('passwords.account.title')}</h1>
      <p class="lead">{t('passwords.account.lead', { email: actor.email })}</p>
      <Notice message={props.notice} />
      <ErrorSummary message={props.message} />
      <form method="post" action="/manage/account" class="card">
        <h2>{t('passwords.change.title')}</h2>
        <p>{t('passwords.change.lead')}</p>
        <Field name="currentPassword" label={t('passwords.current')} error={props.errors.currentPassword}>
          {(aria) => <input type="password" name="currentPassword" autocomplete="current-password" required {...aria} />}
        </Field>
        <Field name="newPassword" label={t('passwords.new')} hint={t('auth.password.hint')} error={props.errors.newPassword}>
          {(aria) => <input type="password" name="newPassword" autocomplete="new-password" minlength={10} required {...aria} />}
        </Field>
        <button type="submit">{t('passwords.change.submit')}</button>
      </form>
    </ManageLayout>
  );
}
