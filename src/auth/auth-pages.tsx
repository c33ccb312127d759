import { ErrorSummary, Field } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageProps } from '../views/types.ts';

type LoginProps = PageProps & { next: string; email: string; message?: string | undefined };

/** The sign-in form. */
export function LoginPage(props: LoginProps) {
  const { t } = props;
  return (
    <Layout {...props} title={t('auth.login.title')}>
      <h1>{t('auth.login.title')}</h1>
      <p class="lead">{t('auth.login.lead')}</p>
      <ErrorSummary message={props.message} />
      <form method="post" action="/login" class="card">
        <input type="hidden" name="next" value={props.next} />
        <Field name="email" label={t('auth.email')}>
          {(aria) => <input type="email" name="email" value={props.email} autocomplete="username" required {...aria} />}
        </Field>
        <Field name="password" label={t('auth.password')}>
          {(aria) => <input type="password" name="password" autocomplete="current-password" required {...aria} />}
        </Field>
        <button type="submit">{t('auth.login.submit')}</button>
      </form>
      <p>
        <a href="/password-reset">{t('passwords.forgot')}</a>
      </p>
    </Layout>
  );
}

type SetPasswordProps = PageProps & {
  title: string;
  lead: string;
  action: string;
  /** Shown read-only for a manager's invite; asked for on the first admin's setup. */
  email: string | null;
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string | undefined;
  /** The button's words, when not the invite's. */
  submit?: string | undefined;
};

/** The form behind an invite, the setup link or a reset link: choose a password (and, for setup, an email). */
export function SetPasswordPage(props: SetPasswordProps) {
  const { t } = props;
  return (
    <Layout {...props} title={props.title}>
      <h1>{props.title}</h1>
      <p class="lead">{props.lead}</p>
      <ErrorSummary message={props.message} />
      <form method="post" action={props.action} class="card">
        {props.email !== null ? (
          <p>
            {t('auth.email')} : <strong>{props.email}</strong>
          </p>
        ) : (
          <Field name="email" label={t('auth.email')} error={props.errors.email}>
            {(aria) => <input type="email" name="email" value={props.values.email ?? ''} autocomplete="username" required {...aria} />}
          </Field>
        )}
        <Field name="password" label={t('auth.password')} hint={t('auth.password.hint')} error={props.errors.password}>
          {(aria) => <input type="password" name="password" autocomplete="new-password" minlength={10} required {...aria} />}
        </Field>
        <button type="submit">{props.submit ?? t('auth.invite.submit')}</button>
      </form>
    </Layout>
  );
}
