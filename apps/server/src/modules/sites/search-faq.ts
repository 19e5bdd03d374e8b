/** FAQ search for the widget: every folded query word must begin a word of the folded title or body. */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { faqArticles, type Database } from '@parley/db';
import { foldText, type FaqArticle } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import { findSiteByKey } from './sites.repository.ts';

const RESULTS = 8;
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function searchFaq(db: Database, input: { siteKey: string; q: string; lang?: 'en' | 'vi' }): Promise<FaqArticle[]> {
  const site = await findSiteByKey(db, input.siteKey);
  if (!site) throw new AppError('NOT_FOUND', 'Unknown site key.');
  const words = foldText(input.q).split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, 8);
  const conditions: (SQL | undefined)[] = [
    eq(faqArticles.siteId, site.id),
    input.lang ? eq(faqArticles.language, input.lang) : undefined,
    // Each word must start a word of the article (`\m`: PostgreSQL's start-of-word).
    ...words.map((w) => sql`${faqArticles.searchText} ~ ${`\\m${escapeRegex(w)}`}`),
  ];
  const rows = await db
    .select()
    .from(faqArticles)
    .where(and(...conditions))
    .orderBy(asc(faqArticles.position), asc(faqArticles.title))
    .limit(RESULTS);
  return rows.map((r) => ({ id: r.id, title: r.title, body: r.body, language: r.language }));
}

/** The folded text an article is searched by. */
export const faqSearchText = (title: string, body: string) => foldText(`${title}\n${body}`);
