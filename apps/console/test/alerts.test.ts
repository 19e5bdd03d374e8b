import { describe, expect, it } from 'vitest';
import { alertFor, notificationBody, type AlertContext } from '../src/alerts.ts';
import { conversation, message } from './fixtures.ts';

const ME = '00000000-0000-4000-8000-0000000000aa';
const CHANNEL = conversation().channelId;
const OTHER_CHANNEL = '00000000-0000-4000-8000-0000000000cc';

const visitorLast = (seq: number, text = `message ${seq}`) => ({
  lastSeq: seq,
  lastMessage: { text, sender: 'visitor' as const, createdAt: '2025-01-01T10:05:00.000Z' },
});

function ctx(overrides: Partial<AlertContext> = {}): AlertContext {
  return {
    agentId: ME,
    channelIds: [CHANNEL],
    status: 'online',
    openId: null,
    pageActive: true,
    conversations: {},
    alerted: {},
    ...overrides,
  };
}

describe('new conversations', () => {
  it('alert when one starts waiting in the agent’s channel, with the visitor’s first message', () => {
    const c = conversation({ visitorName: 'Lan', ...visitorLast(1, 'Xin chào') });
    expect(alertFor({ type: 'conversationCreated', conversation: c }, ctx())).toMatchObject({
      kind: 'conversation',
      conversationId: c.id,
      seq: 1,
      visitorName: 'Lan',
      text: 'Xin chào',
    });
  });

  it('alert when one is assigned to the agent straight away, or left as an offline message', () => {
    const assigned = conversation({ status: 'active', agentId: ME, ...visitorLast(1) });
    const offline = conversation({ status: 'offline', ...visitorLast(1) });
    expect(alertFor({ type: 'conversationCreated', conversation: assigned }, ctx())?.kind).toBe('conversation');
    expect(alertFor({ type: 'conversationCreated', conversation: offline }, ctx())?.kind).toBe('conversation');
  });

  it('stay quiet for other channels, colleagues’ chats, chats an agent started, and while offline', () => {
    const elsewhere = conversation({ channelId: OTHER_CHANNEL });
    const colleagues = conversation({ status: 'active', agentId: 'someone-else', ...visitorLast(1) });
    const proactive = conversation({
      status: 'active',
      agentId: ME,
      lastSeq: 1,
      lastMessage: { text: 'Can I help?', sender: 'agent', createdAt: '2025-01-01T10:00:00.000Z' },
    });
    expect(alertFor({ type: 'conversationCreated', conversation: elsewhere }, ctx())).toBeNull();
    expect(alertFor({ type: 'conversationCreated', conversation: colleagues }, ctx())).toBeNull();
    expect(alertFor({ type: 'conversationCreated', conversation: proactive }, ctx())).toBeNull();
    expect(alertFor({ type: 'conversationCreated', conversation: conversation() }, ctx({ status: 'offline' }))).toBeNull();
  });

  it('count every channel while the agent’s channels are not known yet', () => {
    const elsewhere = conversation({ channelId: OTHER_CHANNEL });
    expect(alertFor({ type: 'conversationCreated', conversation: elsewhere }, ctx({ channelIds: null }))).not.toBeNull();
  });

  it('do not alert twice for a conversation already known', () => {
    const c = conversation();
    expect(alertFor({ type: 'conversationCreated', conversation: c }, ctx({ conversations: { [c.id]: c } }))).toBeNull();
  });
});

describe('new visitor messages', () => {
  const mine = conversation({ status: 'active', agentId: ME, visitorName: 'Lan', ...visitorLast(1) });
  const known = { [mine.id]: mine };

  it('alert for the agent’s chat that is not open', () => {
    const alert = alertFor({ type: 'messageNew', message: message(mine.id, 2, { text: 'Còn hàng không?' }) }, ctx({ conversations: known }));
    expect(alert).toMatchObject({ kind: 'message', conversationId: mine.id, seq: 2, text: 'Còn hàng không?' });
  });

  it('alert for the open chat only while the page is hidden or unfocused', () => {
    const action = { type: 'messageNew' as const, message: message(mine.id, 2) };
    expect(alertFor(action, ctx({ conversations: known, openId: mine.id }))).toBeNull();
    expect(alertFor(action, ctx({ conversations: known, openId: mine.id, pageActive: false }))).not.toBeNull();
  });

  it('come from conversation updates too (chats this tab never opened)', () => {
    const action = { type: 'conversationUpdated' as const, conversation: { ...mine, ...visitorLast(2, 'hello?') } };
    expect(alertFor(action, ctx({ conversations: known }))).toMatchObject({ kind: 'message', seq: 2, text: 'hello?' });
  });

  it('alert once per message, whichever event comes first', () => {
    const byMessage = alertFor({ type: 'messageNew', message: message(mine.id, 2) }, ctx({ conversations: known }));
    expect(byMessage?.seq).toBe(2);
    const alerted = { [mine.id]: 2 };
    const update = { type: 'conversationUpdated' as const, conversation: { ...mine, ...visitorLast(2) } };
    expect(alertFor(update, ctx({ conversations: known, alerted }))).toBeNull();
    // …and a message the list already counted is not news.
    expect(alertFor({ type: 'messageNew', message: message(mine.id, 1) }, ctx({ conversations: known }))).toBeNull();
  });

  it('stay quiet for agent messages, notes, colleagues’ chats and unknown conversations', () => {
    const colleagues = conversation({ status: 'active', agentId: 'someone-else', ...visitorLast(1) });
    const all = { ...known, [colleagues.id]: colleagues };
    expect(alertFor({ type: 'messageNew', message: message(mine.id, 2, { sender: 'agent' }) }, ctx({ conversations: all }))).toBeNull();
    expect(
      alertFor({ type: 'messageNew', message: message(mine.id, 2, { sender: 'agent', internal: true }) }, ctx({ conversations: all })),
    ).toBeNull();
    expect(alertFor({ type: 'messageNew', message: message(colleagues.id, 2) }, ctx({ conversations: all }))).toBeNull();
    expect(alertFor({ type: 'messageNew', message: message('unknown', 2) }, ctx({ conversations: all }))).toBeNull();
    const agentReply = {
      ...mine,
      lastSeq: 2,
      lastMessage: { text: 'ok', sender: 'agent' as const, createdAt: '2025-01-01T10:06:00.000Z' },
    };
    expect(alertFor({ type: 'conversationUpdated', conversation: agentReply }, ctx({ conversations: all }))).toBeNull();
  });

  it('stay quiet when only a system line (joined, transferred, requeued) moved the seq on', () => {
    const update = { type: 'conversationUpdated' as const, conversation: { ...mine, lastSeq: 2 } };
    expect(alertFor(update, ctx({ conversations: known }))).toBeNull();
  });

  it('alert for more messages from a visitor waiting in the agent’s channel', () => {
    const waiting = conversation(visitorLast(1));
    expect(
      alertFor({ type: 'messageNew', message: message(waiting.id, 2) }, ctx({ conversations: { [waiting.id]: waiting } }))?.kind,
    ).toBe('message');
  });
});

describe('notificationBody', () => {
  it('is one line, cut with an ellipsis', () => {
    expect(notificationBody('Hello\n\n  there')).toBe('Hello there');
    expect(notificationBody('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(notificationBody(null)).toBe('');
  });
});
