import type { Child } from 'hono/jsx';
import type { Actor } from '../auth/actor.ts';
import { Layout } from './layout.tsx';
import type { PageProps } from './types.ts';

export type ManageProps = PageProps & { actor: Actor };

/** Links of the management area; features add theirs as they come. */
export const MANAGE_LINKS: { href: string; key: Parameters<PageProps['t']>[0]; adminOnly?: boolean }[] = [
  { href: '/manage', key: 'manage.nav.queue' },
  { href: '/manage/workplaces', key: 'manage.nav.workplaces' },
  { href: '/manage/wall', key: 'manage.nav.wall' },
  { href: '/manage/insights', key: 'manage.nav.insights' },
  { href: '/manage/categories', key: 'manage.nav.categories', adminOnly: true },
  { href: '/manage/account', key: 'passwords.nav.account' },
  { href: '/manage/people', key: 'accounts.nav.people', adminOnly: true },
  { href: '/manage/tokens', key: 'accounts.nav.tokens' },
];

/** The management area's frame: who is signed in, its navigation, and sign-out. */
export function ManageLayout(props: ManageProps & { title: string; children: Child }) {
  const { t, actor } = props;
  return (
    <Layout {...props} title={props.title}>
      <nav class="manage-nav" aria-label={t('manage.title')}>
        {MANAGE_LINKS.filter((l) => !l.adminOnly || actor.role === 'admin').map((l) => (
          <a href={l.href} aria-current={props.path === l.href ? 'page' : undefined}>
            {t(l.key)}
          </a>
        ))}
        <form method="post" action="/logout" class="inline">
          <span class="muted">{t('manage.signedInAs', { email: actor.email })}</span>{' '}
          <button type="submit" class="link">
            {t('auth.logout')}
          </button>
        </form>
      </nav>
      {props.children}
    </Layout>
  );
}
