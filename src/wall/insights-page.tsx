import { localCategory } from '../categories/category-view.ts';
import type { Workplace } from '../db/database.ts';
import { LANG_TAGS, type Lang } from '../i18n/index.ts';
import { formatDate } from '../lib/format.ts';
import { Field } from '../views/components.tsx';
import { ManageLayout, type ManageProps } from '../views/manage-layout.tsx';
import { HorizontalBarChart, VerticalBarChart } from './charts.tsx';
import { type Insights, REVIEW_STATS_DAYS } from './insights-service.ts';
import { wallStyles } from './wall-pages.tsx';

const MONTH_BAR = '#9f1239';

// Building an Intl formatter costs far more than formatting with it, and a page formats many months:
// one each per language and style, four at most.
const monthFormats = new Map<string, Intl.DateTimeFormat>();
const percentFormats = new Map<Lang, Intl.NumberFormat>();

/** A month (YYYY-MM) in the reader's language: « nov. » for a chart, « novembre 2026 » for a table. */
export function monthLabel(month: string, lang: Lang, style: 'short' | 'long'): string {
  let format = monthFormats.get(`${lang}:${style}`);
  if (!format) {
    format = new Intl.DateTimeFormat(
      LANG_TAGS[lang],
      style === 'short' ? { month: 'short', timeZone: 'UTC' } : { month: 'long', year: 'numeric', timeZone: 'UTC' },
    );
    monthFormats.set(`${lang}:${style}`, format);
  }
  return format.format(new Date(`${month}-01T00:00:00Z`));
}

function percent(part: number, whole: number, lang: Lang): string {
  let format = percentFormats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(LANG_TAGS[lang], { style: 'percent', maximumFractionDigits: 0 });
    percentFormats.set(lang, format);
  }
  return format.format(part / whole);
}

/** /manage/insights: awards by category and by month as SVG with their tables, and how reviewing goes. */
export function InsightsPage(props: ManageProps & { insights: Insights; workplaces: Workplace[] }) {
  const { t, lang, insights: s } = props;
  const categories = s.categories.map(({ category, count }) => ({ ...localCategory(category, lang), count }));
  const list = (items: { label: string; value: number }[]) =>
    items.map((i) => `${i.label}${lang === 'fr' ? ' : ' : ': '}${i.value}`).join(', ');
  const byCategory = categories.map((c) => ({ label: c.name, value: c.count, color: c.color }));
  const byMonth = s.months.map((m) => ({ label: monthLabel(m.month, lang, 'short'), value: m.count, color: MONTH_BAR }));
  const review = s.review;
  return (
    <ManageLayout {...props} title={t('wall.insights.title')}>
      {wallStyles}
      <h1>
        {t('wall.insights.title')}
        {s.workplace ? ` — ${s.workplace.name}` : ''}
      </h1>
      <p class="lead">{t('wall.insights.lead', { since: formatDate(s.since, lang) })}</p>
      {props.workplaces.length > 1 || props.actor.role === 'admin' ? (
        <form method="get" action="/manage/insights" class="card wall-filter">
          <Field name="workplace" label={t('wall.filter.workplaceLabel')}>
            {(aria) => (
              <select name="workplace" {...aria}>
                <option value="">{t('wall.filter.allWorkplaces')}</option>
                {props.workplaces.map((w) => (
                  <option value={w.slug} selected={s.workplace?.id === w.id}>{`${w.name} — ${w.city}`}</option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit">{t('wall.insights.show')}</button>
        </form>
      ) : null}

      <section class="insight" aria-labelledby="by-category">
        <h2 id="by-category">{t('wall.insights.byCategory')}</h2>
        <p>{t('wall.insights.byCategoryLead')}</p>
        <div class="insight-body">
          <HorizontalBarChart
            id="chart-category"
            title={t('wall.insights.byCategory')}
            description={t('wall.insights.describe', { total: s.total, list: list(byCategory) })}
            bars={byCategory}
          />
          <table>
            <thead>
              <tr>
                <th scope="col">{t('wall.insights.colCategory')}</th>
                <th scope="col">{t('wall.insights.colMeaning')}</th>
                <th scope="col" class="number">
                  {t('wall.insights.colBadges')}
                </th>
              </tr>
            </thead>
            <tbody>
              {categories.map((c) => (
                <tr>
                  <th scope="row">
                    <svg class="dot" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
                      <circle cx="6" cy="6" r="6" fill={c.color} />
                    </svg>{' '}
                    {c.name}
                  </th>
                  <td>{c.description}</td>
                  <td class="number">{String(c.count)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('wall.insights.total')}</th>
                <td></td>
                <td class="number">{String(s.total)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>

      <section class="insight" aria-labelledby="by-month">
        <h2 id="by-month">{t('wall.insights.byMonth')}</h2>
        <div class="insight-body">
          <VerticalBarChart
            id="chart-month"
            title={t('wall.insights.byMonth')}
            description={t('wall.insights.describe', {
              total: s.total,
              list: list(s.months.map((m) => ({ label: monthLabel(m.month, lang, 'long'), value: m.count }))),
            })}
            bars={byMonth}
          />
          <table>
            <thead>
              <tr>
                <th scope="col">{t('wall.insights.colMonth')}</th>
                <th scope="col" class="number">
                  {t('wall.insights.colBadges')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.months.map((m) => (
                <tr>
                  <th scope="row">{monthLabel(m.month, lang, 'long')}</th>
                  <td class="number">{String(m.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section class="insight" aria-labelledby="review">
        <h2 id="review">{t('wall.insights.review')}</h2>
        <p>{t('wall.insights.reviewLead', { days: REVIEW_STATS_DAYS })}</p>
        <dl class="facts figures">
          <dt>{t('wall.insights.pending')}</dt>
          <dd data-figure="pending">{String(s.pending)}</dd>
          <dt>{t('wall.insights.onTime', { days: review.windowDays })}</dt>
          <dd data-figure="on-time">
            {review.counted === 0
              ? t('wall.insights.onTimeNone')
              : t('wall.insights.onTimeValue', {
                  percent: percent(review.onTime, review.counted, lang),
                  onTime: review.onTime,
                  counted: review.counted,
                })}
            <div class="muted">{t('wall.insights.onTimeHint', { days: review.windowDays })}</div>
          </dd>
          <dt>{t('wall.insights.declined')}</dt>
          <dd data-figure="declined">{String(s.declined)}</dd>
          <dt>{t('wall.insights.withdrawn')}</dt>
          <dd data-figure="withdrawn">{String(s.withdrawn)}</dd>
        </dl>
      </section>
    </ManageLayout>
  );
}
