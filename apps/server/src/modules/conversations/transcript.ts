/** A conversation's transcript for download: plain text for people, JSON for systems. */
import type { Database } from '@parley/db';
import { LIMITS, SYSTEM_MESSAGES, type Conversation, type Message } from '@parley/protocol';
import type { AgentActor } from '../../shared/actor.ts';
import { findConversationView } from './conversations.repository.ts';
import { loadConversationFor } from './load-conversation.ts';
import { listMessages } from './messages.repository.ts';

export interface Transcript {
  conversation: Conversation;
  messages: Message[];
}

export async function getTranscript(db: Database, actor: AgentActor, conversationId: string): Promise<Transcript> {
  await loadConversationFor(db, actor, conversationId);
  const [conversation, messages] = await Promise.all([
    findConversationView(db, conversationId),
    // Pages of history until the end: a transcript is the whole conversation.
    (async () => {
      const all: Message[] = [];
      for (let after = 0; ; ) {
        const page = await listMessages(db, conversationId, after, { includeInternal: false });
        all.push(...page);
        if (page.length < LIMITS.historyPage) return all;
        after = page.at(-1)!.seq;
      }
    })(),
  ]);
  return { conversation: conversation!, messages };
}

const SYSTEM_WORDS: Record<string, (name: string) => string> = {
  [SYSTEM_MESSAGES.agentJoined]: (n) => `${n} joined the chat`,
  [SYSTEM_MESSAGES.conversationClosedByAgent]: (n) => `${n} closed the conversation`,
  [SYSTEM_MESSAGES.conversationClosedByVisitor]: () => 'The visitor ended the chat',
  [SYSTEM_MESSAGES.transferredToAgent]: (n) => `${n} transferred the conversation`,
  [SYSTEM_MESSAGES.transferredToChannel]: (n) => `Transferred to ${n}`,
  [SYSTEM_MESSAGES.requeued]: () => 'Back in the queue',
  [SYSTEM_MESSAGES.reopened]: (n) => `${n} reopened the conversation`,
  [SYSTEM_MESSAGES.missed]: () => 'The visitor left before an agent joined',
};

/** `[2026-11-22 14:03 UTC] Name: text` lines, system events in parentheses. */
export function transcriptText({ conversation, messages }: Transcript): string {
  const stamp = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  const header = `Conversation ${conversation.id} — ${conversation.channelName} — started ${stamp(conversation.createdAt)}`;
  const lines = messages.map((m) => {
    if (m.sender === 'system') return `[${stamp(m.createdAt)}] (${SYSTEM_WORDS[m.text]?.(m.authorName ?? 'Agent') ?? m.text})`;
    const who = m.sender === 'visitor' ? (conversation.visitorName ?? 'Visitor') : (m.authorName ?? 'Agent');
    return `[${stamp(m.createdAt)}] ${who}: ${m.text}`;
  });
  return `${header}\n\n${lines.join('\n')}\n`;
}
