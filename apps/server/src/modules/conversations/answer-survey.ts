/** The post-chat survey: once per closed conversation, by its visitor; NPS and CES only when the site asks. */
import { eq, sql } from 'drizzle-orm';
import { conversations, sites, type Database } from '@parley/db';
import type { Conversation } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import type { VisitorActor } from '../../shared/actor.ts';
import { newEffects, type Effects } from '../../shared/effects.ts';
import { toWidgetSettings } from '../sites/index.ts';
import { findConversationView, forVisitor } from './conversations.repository.ts';
import { loadConversationFor } from './load-conversation.ts';
import { recordEvent } from '../webhooks/outbox.ts';

export interface SurveyAnswers {
  conversationId: string;
  csat: number;
  nps?: number;
  ces?: number;
  comment?: string;
}

export async function answerSurvey(db: Database, actor: VisitorActor, input: SurveyAnswers): Promise<{ conversation: Conversation; effects: Effects }> {
  const [site] = await db.select({ widget: sites.widget }).from(sites).where(eq(sites.id, actor.siteId));
  const asks = toWidgetSettings(site!.widget).survey;
  const effects = newEffects();
  await db.transaction(async (tx) => {
    const conversation = await loadConversationFor(tx, actor, input.conversationId, { lock: true });
    if (conversation.status !== 'closed') throw new AppError('CONFLICT', 'The survey opens when the conversation has ended.');
    if (conversation.surveyAt) throw new AppError('CONFLICT', 'This survey was already answered.');
    await tx
      .update(conversations)
      .set({
        csat: input.csat,
        nps: asks.nps ? (input.nps ?? null) : null,
        ces: asks.ces ? (input.ces ?? null) : null,
        surveyComment: input.comment || null,
        surveyAt: sql`now()`,
      })
      .where(eq(conversations.id, conversation.id));
    await recordEvent(tx, effects, { type: 'survey.answered', siteId: conversation.siteId, conversationId: conversation.id });
  });
  effects.conversations.add(input.conversationId);
  return { conversation: forVisitor((await findConversationView(db, input.conversationId))!), effects };
}
