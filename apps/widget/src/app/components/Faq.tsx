/**
 * Help-article search, in a chunk of its own (imported on first use). Asks the server as the
 * visitor types (debounced); the server folds Vietnamese diacritics, so "giao hang" finds "giao
 * hàng". Articles are shown as text, never as HTML.
 */
import { useEffect, useState } from 'preact/hooks';
import { HTTP, type FaqArticle } from '@parley/protocol';
import { format, strings, type Lang, type Texts } from '../i18n.ts';
import { addStyle } from '../lazy.ts';
import { callApi } from '../session.ts';
import css from './faq.css?inline';

addStyle(css);

export const FAQ_DEBOUNCE_MS = 250;
/** Results shown at most (the list scrolls inside the panel). */
const SHOWN = 8;

const texts: Texts<{ label: string; none: string; count: string; failed: string }> = {
  en: {
    label: 'Help articles',
    none: 'No articles match your search.',
    count: '{count} articles',
    failed: 'Help articles could not be loaded.',
  },
  vi: {
    label: 'Bài viết trợ giúp',
    none: 'Không có bài viết nào phù hợp.',
    count: '{count} bài viết',
    failed: 'Không tải được bài viết trợ giúp.',
  },
};

export { texts as faqTexts };

interface Props {
  baseUrl: string;
  siteKey: string;
  lang: Lang;
  /** Shown by itself before the first message: stays out of the way when the site has no articles. */
  inline: boolean;
}

const isArticles = (json: unknown): json is { articles: FaqArticle[] } =>
  Array.isArray((json as { articles?: unknown } | null)?.articles);

/** The URL of a search; the query is sent in NFC, the form the server's folding expects. */
export function faqUrl(baseUrl: string, siteKey: string, query: string, lang: Lang): string {
  const params = new URLSearchParams({ siteKey, q: query.trim().normalize('NFC'), lang });
  return `${baseUrl}${HTTP.faqSearch}?${params}`;
}

export function Faq({ baseUrl, siteKey, lang, inline }: Props) {
  const t = strings[lang];
  const x = texts[lang];
  const [query, setQuery] = useState('');
  const [articles, setArticles] = useState<FaqArticle[] | 'failed' | null>(null);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(
      async () => {
        const ack = await callApi(faqUrl(baseUrl, siteKey, query, lang), null, isArticles);
        if (live) setArticles(ack.ok ? ack.data.articles : 'failed');
      },
      query.trim() ? FAQ_DEBOUNCE_MS : 0,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, lang]);

  const found = Array.isArray(articles) ? articles : [];
  // Before the first message, a site without articles (or a server without FAQ) shows nothing.
  if (inline && !query && (articles === null || found.length === 0)) return null;
  const note = articles === 'failed' ? x.failed : articles && !found.length ? x.none : articles ? format(x.count, { count: found.length }) : '';

  return (
    <section class="faq" data-testid="parley-faq" aria-label={x.label}>
      <input
        class="input"
        type="search"
        name="faq"
        placeholder={t.searchHelp}
        aria-label={t.searchHelp}
        autocomplete="off"
        maxLength={200}
        value={query}
        onInput={(event) => setQuery(event.currentTarget.value)}
      />
      <p class={found.length ? 'sr' : 'faq-note'} role="status">
        {note}
      </p>
      {found.length ? (
        <ul class="faq-list">
          {found.slice(0, SHOWN).map((article) => (
            <li key={article.id}>
              <details class="faq-item" data-testid="parley-faq-result">
                <summary>{article.title}</summary>
                <p class="faq-body">{article.body}</p>
              </details>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
