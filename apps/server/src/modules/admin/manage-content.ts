/** Canned responses and FAQ articles of a site. */
import { and, asc, eq } from 'drizzle-orm';
import { cannedResponses, faqArticles, type Database } from '@parley/db';
import type { AdminFaq, CannedResponse } from '@parley/protocol';
import type { upsertCannedSchema, upsertFaqSchema } from '@parley/protocol/admin';
import type { z } from 'zod';
import { AppError, isUniqueViolation } from '../../errors.ts';
import { faqSearchText } from '../sites/index.ts';

type CannedInput = z.output<typeof upsertCannedSchema>;
type FaqInput = z.output<typeof upsertFaqSchema>;

export async function listCanned(db: Database, siteId: string): Promise<CannedResponse[]> {
  const rows = await db.select().from(cannedResponses).where(eq(cannedResponses.siteId, siteId)).orderBy(asc(cannedResponses.shortcut));
  return rows.map((r) => ({ id: r.id, shortcut: r.shortcut, text: r.text }));
}

const duplicateShortcut = (error: unknown) => {
  if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'That shortcut is taken on this site.');
  throw error;
};

export async function createCanned(db: Database, siteId: string, input: CannedInput): Promise<CannedResponse> {
  const [row] = await db.insert(cannedResponses).values({ siteId, ...input }).returning().catch(duplicateShortcut);
  return { id: row!.id, shortcut: row!.shortcut, text: row!.text };
}

export async function updateCanned(db: Database, siteId: string, id: string, input: CannedInput): Promise<CannedResponse> {
  const [row] = await db
    .update(cannedResponses)
    .set(input)
    .where(and(eq(cannedResponses.id, id), eq(cannedResponses.siteId, siteId)))
    .returning()
    .catch(duplicateShortcut);
  if (!row) throw new AppError('NOT_FOUND', 'Canned response not found.');
  return { id: row.id, shortcut: row.shortcut, text: row.text };
}

export async function deleteCanned(db: Database, siteId: string, id: string): Promise<void> {
  const [row] = await db.delete(cannedResponses).where(and(eq(cannedResponses.id, id), eq(cannedResponses.siteId, siteId))).returning();
  if (!row) throw new AppError('NOT_FOUND', 'Canned response not found.');
}

const toFaq = (r: typeof faqArticles.$inferSelect): AdminFaq => ({ id: r.id, language: r.language, title: r.title, body: r.body, position: r.position });

export async function listFaq(db: Database, siteId: string): Promise<AdminFaq[]> {
  const rows = await db.select().from(faqArticles).where(eq(faqArticles.siteId, siteId)).orderBy(asc(faqArticles.language), asc(faqArticles.position));
  return rows.map(toFaq);
}

export async function createFaq(db: Database, siteId: string, input: FaqInput): Promise<AdminFaq> {
  const [row] = await db.insert(faqArticles).values({ siteId, ...input, searchText: faqSearchText(input.title, input.body) }).returning();
  return toFaq(row!);
}

export async function updateFaq(db: Database, siteId: string, id: string, input: FaqInput): Promise<AdminFaq> {
  const [row] = await db
    .update(faqArticles)
    .set({ ...input, searchText: faqSearchText(input.title, input.body) })
    .where(and(eq(faqArticles.id, id), eq(faqArticles.siteId, siteId)))
    .returning();
  if (!row) throw new AppError('NOT_FOUND', 'Article not found.');
  return toFaq(row);
}

export async function deleteFaq(db: Database, siteId: string, id: string): Promise<void> {
  const [row] = await db.delete(faqArticles).where(and(eq(faqArticles.id, id), eq(faqArticles.siteId, siteId))).returning();
  if (!row) throw new AppError('NOT_FOUND', 'Article not found.');
}
