import type { Lang, Translate } from '../i18n/index.ts';

/** What every page component is given about the request. */
export type PageProps = { lang: Lang; t: Translate; path: string };
