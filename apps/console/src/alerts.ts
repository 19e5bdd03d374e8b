/**
 * Which server events deserve a sound and a browser notification. Pure: it looks at an action
 * and the state before it; the caller plays the sound and shows the notification.
 */
import type { AgentStatus, Conversation } from '@parley/protocol';
import { hasNewVisitorMessage, withActivity, type Action } from './store.ts';

export interface AlertContext {
  /** The signed-in agent. */
  agentId: string | null;
  /** The agent's channels; null while not known (then every channel counts). */
  channelIds: readonly string[] | null;
  status: AgentStatus | null;
  /** The conversation on screen. */
  openId: string | null;
  /** The console tab is visible and its window has focus. */
  pageActive: boolean;
  /** Conversations as they were before the action. */
  conversations: Record<string, Conversation>;
  /** The highest seq already alerted, by conversation, so one message never alerts twice. */
  alerted: Record<string, number>;
}

export interface Alert {
  /** A conversation the agent can take or now has, or a new visitor message in one. */
  kind: 'conversation' | 'message';
  conversationId: string;
  seq: number;
  visitorId: string;
  visitorName: string | null;
  /** The visitor's text, when the alert is about one. */
  text: string | null;
}

/** Whether a conversation is the agent's business: theirs, waiting in one of their channels, or on screen. */
function concernsAgent(conversation: Conversation, ctx: AlertContext): boolean {
  if (ctx.agentId !== null && conversation.agentId === ctx.agentId) return true;
  if (conversation.id === ctx.openId) return true;
  const inMyChannels = ctx.channelIds === null || ctx.channelIds.includes(conversation.channelId);
  return inMyChannels && (conversation.status === 'waiting' || conversation.status === 'offline');
}

function alertOf(kind: Alert['kind'], c: Conversation, seq: number, text: string | null): Alert {
  return { kind, conversationId: c.id, seq, visitorId: c.visitorId, visitorName: c.visitorName, text };
}

/**
 * The alert `action` calls for, if any:
 * - a new conversation waiting in one of the agent's channels (not while they are offline), or
 *   assigned to them, or left through the offline form; not one an agent started;
 * - a new visitor message in a conversation of theirs, unless it is on screen and the agent is looking.
 */
export function alertFor(action: Action, ctx: AlertContext): Alert | null {
  switch (action.type) {
    case 'conversationCreated': {
      const c = action.conversation;
      if (ctx.conversations[c.id] || !concernsAgent(c, ctx)) return null;
      if (c.lastMessage?.sender === 'agent') return null; // a proactive chat: an agent wrote first
      if (ctx.status === 'offline' && c.agentId !== ctx.agentId) return null;
      return alertOf('conversation', c, c.lastSeq, c.lastMessage?.sender === 'visitor' ? c.lastMessage.text : null);
    }
    case 'conversationUpdated': {
      const c = action.conversation;
      const previous = ctx.conversations[c.id];
      if (!previous || !hasNewVisitorMessage(previous, c) || c.lastSeq <= (ctx.alerted[c.id] ?? 0)) return null;
      if (!concernsAgent(c, ctx) || (ctx.pageActive && ctx.openId === c.id)) return null;
      return alertOf('message', c, c.lastSeq, c.lastMessage?.text ?? null);
    }
    case 'conversationActivity': {
      const merged = withActivity(ctx.conversations[action.activity.id], action.activity);
      return merged ? alertFor({ type: 'conversationUpdated', conversation: merged }, ctx) : null;
    }
    case 'messageNew': {
      const m = action.message;
      const c = ctx.conversations[m.conversationId];
      if (!c || m.sender !== 'visitor' || m.internal) return null;
      if (m.seq <= c.lastSeq || m.seq <= (ctx.alerted[c.id] ?? 0)) return null;
      if (!concernsAgent(c, ctx) || (ctx.pageActive && ctx.openId === c.id)) return null;
      return alertOf('message', c, m.seq, m.text);
    }
    default:
      return null;
  }
}

/** Visitor text for a notification body: one line, at most `max` characters. */
export function notificationBody(text: string | null, max = 140): string {
  const line = (text ?? '').replace(/\s+/gu, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
