import { localCategory } from '../categories/category-view.ts';
import type { Category, Workplace } from '../db/database.ts';
import type { Lang, Translate } from '../i18n/index.ts';
import { formatDate } from '../lib/format.ts';
import { ErrorSummary, Field } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import { ManageLayout, type ManageProps } from '../views/manage-layout.tsx';
import type { PageProps } from '../views/types.ts';
import { filterQuery, type WallFilter } from './wall-filter.ts';
import type { WallCard } from './wall-service.ts';

/** Seconds each card stays on the break-room screen. */
export const SCREEN_SECONDS = 12;
/** The screen reloads itself this often to pick up new awards (by its script, which can be paused). */
export const SCREEN_RELOAD_SECONDS = 300;

// ManageLayout takes no <head> additions; a stylesheet link is allowed in <body> (HTML's "body-ok").
export const wallStyles = <link rel="stylesheet" href="/assets/wall.css" />;

type CardContext = { t: Translate; lang: Lang; categories: Map<string, Category>; workplaces?: Map<string, Workplace> };

function categoryName(ctx: CardContext, slug: string): string {
  const category = ctx.categories.get(slug);
  return category ? localCategory(category, ctx.lang).name : slug;
}

/** One award as a card: the badge, the first name, the category, the moment, and the story where it may be shown. */
function AwardCard(props: CardContext & { card: WallCard; audience: 'reviewer' | 'public' }) {
  const { t, lang, card } = props;
  const category = categoryName(props, card.categorySlug);
  const workplace = card.workplaceId ? props.workplaces?.get(card.workplaceId) : undefined;
  return (
    <li class="wall-card">
      <img
        src={`/b/${card.id}/image.png`}
        alt={t('wall.card.alt', { category, name: card.firstName })}
        width={120}
        height={120}
        loading="lazy"
      />
      <div>
        <h2 class="wall-name">{props.audience === 'public' ? <a href={`/b/${card.id}`}>{card.firstName}</a> : card.firstName}</h2>
        <p class="wall-meta">
          <strong>{category}</strong>
          {workplace ? ` · ${workplace.name}` : ''}
          <br />
          {t('wall.card.moment', { date: formatDate(card.momentDate, lang) })}
        </p>
        {props.audience === 'reviewer' ? (
          <span class={`status ${card.claimed ? 'claimed' : 'approved'}`}>
            {card.claimed ? t('wall.card.claimed') : t('wall.card.unclaimed')}
          </span>
        ) : null}
        {card.story !== null ? (
          <blockquote class="story">{card.story}</blockquote>
        ) : props.audience === 'reviewer' ? (
          <p class="muted">{t('wall.card.storyPrivate')}</p>
        ) : null}
      </div>
    </li>
  );
}

type WallPageProps = ManageProps & {
  filter: WallFilter;
  cards: WallCard[];
  next: string | null;
  workplaces: Workplace[];
  categories: Category[];
  errors: Record<string, string>;
  message?: string | undefined;
};

/** The reviewer's wall: filters, the cards newest first, the next page, exports and the screen mode. */
export function WallPage(props: WallPageProps) {
  const { t, lang, filter, errors } = props;
  const categories = new Map(props.categories.map((c) => [c.slug, c]));
  const workplaces = new Map(props.workplaces.map((w) => [w.id, w]));
  const several = props.workplaces.length > 1 || props.actor.role === 'admin';
  const paging = { workplace: filter.workplace, category: filter.category, from: filter.from, to: filter.to };
  return (
    <ManageLayout {...props} title={t('wall.title')}>
      {wallStyles}
      <h1>{t('wall.title')}</h1>
      <p class="lead">{t('wall.lead')}</p>
      <ErrorSummary message={props.message} />
      <form method="get" action="/manage/wall" class="card wall-filter">
        <fieldset class="plain">
          <legend>{t('wall.filter.legend')}</legend>
          {several ? (
            <Field name="workplace" label={t('wall.filter.workplaceLabel')} error={errors.workplace}>
              {(aria) => (
                <select name="workplace" {...aria}>
                  <option value="">{t('wall.filter.allWorkplaces')}</option>
                  {props.workplaces.map((w) => (
                    <option value={w.slug} selected={filter.workplace === w.slug}>{`${w.name} — ${w.city}`}</option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          <Field name="category" label={t('wall.filter.categoryLabel')} error={errors.category}>
            {(aria) => (
              <select name="category" {...aria}>
                <option value="">{t('wall.filter.allCategories')}</option>
                {props.categories.map((c) => (
                  <option value={c.slug} selected={filter.category === c.slug}>
                    {localCategory(c, lang).name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div class="grid-2">
            <Field name="from" label={t('wall.filter.fromLabel')} error={errors.from}>
              {(aria) => <input type="date" name="from" value={filter.from ?? ''} {...aria} />}
            </Field>
            <Field name="to" label={t('wall.filter.toLabel')} error={errors.to}>
              {(aria) => <input type="date" name="to" value={filter.to ?? ''} {...aria} />}
            </Field>
          </div>
        </fieldset>
        <button type="submit">{t('wall.filter.submit')}</button> <a href="/manage/wall">{t('wall.filter.reset')}</a>
      </form>
      <ul class="actions">
        <li>
          <a class="button secondary" href={`/manage/wall/screen${filterQuery({ workplace: filter.workplace })}`}>
            {t('wall.screen.link')}
          </a>
        </li>
        <li>
          <a class="button secondary" href={`/manage/export.csv${filterQuery(paging)}`}>
            {t('wall.export.awards')}
          </a>
        </li>
        <li>
          <a
            class="button secondary"
            href={`/manage/export-nominations.csv${filterQuery({ workplace: filter.workplace, from: filter.from, to: filter.to })}`}
          >
            {t('wall.export.nominations')}
          </a>
        </li>
      </ul>
      {props.cards.length === 0 ? (
        <p class="muted">{t('wall.empty')}</p>
      ) : (
        <ul class="wall">
          {props.cards.map((card) => (
            <AwardCard t={t} lang={lang} categories={categories} {...(several ? { workplaces } : {})} card={card} audience="reviewer" />
          ))}
        </ul>
      )}
      <p class="wall-paging">
        {filter.cursor ? <a href={`/manage/wall${filterQuery(paging)}`}>{t('wall.first')}</a> : null}
        {filter.cursor && props.next ? ' · ' : null}
        {props.next ? (
          <a href={`/manage/wall${filterQuery(paging, props.next)}`} rel="next">
            {t('wall.more')}
          </a>
        ) : null}
      </p>
    </ManageLayout>
  );
}

/**
 * The break-room screen: recent awards large, one at a time. The first card shows without any
 * script; wall-screen.js (a file, as the Content-Security-Policy wants) cycles through the others
 * and reloads the page now and then to bring in new awards, with a button that pauses both (no
 * meta refresh: a page that moves on its own must let people stop it).
 */
export function ScreenPage(props: PageProps & { cards: WallCard[]; categories: Category[]; workplace: Workplace | null }) {
  const { t, lang } = props;
  const ctx = { t, lang, categories: new Map(props.categories.map((c) => [c.slug, c])) };
  const title = props.workplace ? props.workplace.name : t('wall.screen.title');
  const head = (
    <>
      {wallStyles}
      <script src="/assets/wall-screen.js" defer></script>
    </>
  );
  return (
    <Layout {...props} title={title} head={head} bare>
      <main id="main" class="screen" data-interval={String(SCREEN_SECONDS)} data-reload={String(SCREEN_RELOAD_SECONDS)}>
        <h1 class="screen-title">{title}</h1>
        <button
          type="button"
          class="screen-pause secondary"
          hidden
          data-pause={t('wall.screen.pause')}
          data-resume={t('wall.screen.resume')}
        >
          {t('wall.screen.pause')}
        </button>
        {props.cards.length === 0 ? <p class="screen-empty">{t('wall.screen.empty')}</p> : null}
        {props.cards.map((card, i) => {
          const category = categoryName(ctx, card.categorySlug);
          return (
            <section class="screen-card" hidden={i > 0} aria-label={card.firstName}>
              <img src={`/b/${card.id}/image.png`} alt={t('wall.card.alt', { category, name: card.firstName })} width={420} height={420} />
              <div>
                <p class="screen-name">{card.firstName}</p>
                <p class="screen-meta">
                  <strong>{category}</strong> · {t('wall.card.moment', { date: formatDate(card.momentDate, lang) })}
                </p>
                {card.story !== null ? <blockquote class="screen-story">{card.story}</blockquote> : null}
              </div>
            </section>
          );
        })}
      </main>
    </Layout>
  );
}

/** A workplace's public wall: the badges its employees made public, without any nominator. */
export function PublicWallPage(
  props: PageProps & {
    workplace: Workplace;
    cards: WallCard[];
    next: string | null;
    cursor: string | null;
    categories: Category[];
    pageUrl: string;
    imageUrl: string | null;
  },
) {
  const { t, lang, workplace } = props;
  const title = t('wall.public.title', { workplace: workplace.name });
  const description = t('wall.public.description', { workplace: workplace.name, city: workplace.city });
  const head = (
    <>
      {wallStyles}
      <meta name="description" content={description} />
      <meta property="og:type" content="website" />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={props.pageUrl} />
      {props.imageUrl ? <meta property="og:image" content={props.imageUrl} /> : null}
      {props.imageUrl ? <meta property="og:image:width" content="600" /> : null}
      {props.imageUrl ? <meta property="og:image:height" content="600" /> : null}
      <meta name="twitter:card" content="summary" />
      {props.cursor ? <meta name="robots" content="noindex, follow" /> : null}
    </>
  );
  const categories = new Map(props.categories.map((c) => [c.slug, c]));
  return (
    <Layout {...props} title={title} head={head}>
      <h1>{title}</h1>
      <p class="lead">{t('wall.public.lead', { workplace: workplace.name })}</p>
      {props.cards.length === 0 ? (
        <p class="muted">{t('wall.public.empty')}</p>
      ) : (
        <ul class="wall">
          {props.cards.map((card) => (
            <AwardCard t={t} lang={lang} categories={categories} card={card} audience="public" />
          ))}
        </ul>
      )}
      <p class="wall-paging">
        {props.cursor ? <a href={`/w/${workplace.slug}/wall`}>{t('wall.first')}</a> : null}
        {props.cursor && props.next ? ' · ' : null}
        {props.next ? (
          <a href={`/w/${workplace.slug}/wall?cursor=${encodeURIComponent(props.next)}`} rel="next">
            {t('wall.more')}
          </a>
        ) : null}
      </p>
      <p>
        <a class="button" href={`/w/${workplace.slug}/nominate`}>
          {t('wall.public.nominate')}
        </a>
      </p>
    </Layout>
  );
}

/** The counter card large, for printing: everything else on the page stays off the paper. */
export function PrintPage(props: ManageProps & { workplace: Workplace }) {
  const { t, workplace } = props;
  const image = `/w/${workplace.slug}/counter-card.png`;
  return (
    <ManageLayout {...props} title={t('wall.print.title', { workplace: workplace.name })}>
      {wallStyles}
      <div class="no-print">
        <h1>{t('wall.print.title', { workplace: workplace.name })}</h1>
        <p class="notice">{t('wall.print.hint', { workplace: workplace.name })}</p>
        <p>
          <a href={image} download>
            {t('wall.print.download')}
          </a>
        </p>
      </div>
      <figure class="print-card">
        <img src={image} alt={t('wall.print.alt', { workplace: workplace.name })} />
      </figure>
    </ManageLayout>
  );
}
