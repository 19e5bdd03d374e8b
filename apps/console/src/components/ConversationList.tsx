/** The left column: conversations grouped into Waiting, Active and Closed sections. */
import { useState } from 'preact/hooks';
import type { Conversation } from '@parley/protocol';
import { errorText, type UiError } from '../errors.ts';
import { formatFullDate, formatRelativeTime, visitorLabel } from '../format.ts';
import { useI18n } from '../i18n-context.ts';
import { systemText } from '../i18n.ts';
import { groupConversations, lastActivity, SECTIONS, type Section } from '../store.ts';

export interface ConversationListProps {
  conversations: Record<string, Conversation>;
  unread: Record<string, true>;
  openId: string | null;
  loaded: boolean;
  error: UiError | null;
  now: number;
  onOpen(conversationId: string): void;
}

/** Renders the sections; each can be folded away, and all start unfolded. */
export function ConversationList({ conversations, unread, openId, loaded, error, now, onOpen }: ConversationListProps) {
  const { t } = useI18n();
  const [folded, setFolded] = useState<Partial<Record<Section, boolean>>>({});
  const groups = groupConversations(conversations);
  const total = SECTIONS.reduce((sum, section) => sum + groups[section].length, 0);

  return (
    <nav class="conversation-list" aria-label={t.list.heading}>
      {error && (
        <p class="list-note error" role="alert">
          {errorText(error, t)}
        </p>
      )}
      {!loaded && !error && <p class="list-note">{t.list.loading}</p>}
      {loaded && total === 0 && <p class="list-note">{t.list.empty}</p>}
      {total > 0 &&
        SECTIONS.map((section) => {
          const items = groups[section];
          const isFolded = folded[section] === true;
          return (
            <section key={section} class="list-section" data-section={section}>
              <h2>
                <button
                  type="button"
                  class="section-toggle"
                  aria-expanded={!isFolded}
                  onClick={() => setFolded({ ...folded, [section]: !isFolded })}
                >
                  <span class="chevron" aria-hidden="true">
                    {isFolded ? '▸' : '▾'}
                  </span>
                  <span>{t.sections[section]}</span>
                  <span class="count">{items.length}</span>
                </button>
              </h2>
              {!isFolded && items.length > 0 && (
                <ul>
                  {items.map((conversation) => (
                    <li key={conversation.id}>
                      <ConversationItem
                        conversation={conversation}
                        unread={unread[conversation.id] === true}
                        selected={conversation.id === openId}
                        now={now}
                        onOpen={onOpen}
                      />
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
    </nav>
  );
}

interface ConversationItemProps {
  conversation: Conversation;
  unread: boolean;
  selected: boolean;
  now: number;
  onOpen(conversationId: string): void;
}

function ConversationItem({ conversation, unread, selected, now, onOpen }: ConversationItemProps) {
  const { t, lang } = useI18n();
  const activity = lastActivity(conversation);
  const last = conversation.lastMessage;
  const preview = last?.sender === 'system' ? systemText(lang, last.text, conversation.agentName) : last?.text;
  return (
    <button
      type="button"
      class={`conversation-item${selected ? ' selected' : ''}${unread ? ' unread' : ''}`}
      data-testid="conversation-item"
      data-status={conversation.status}
      data-conversation-id={conversation.id}
      data-unread={String(unread)}
      aria-current={selected ? 'true' : undefined}
      onClick={() => onOpen(conversation.id)}
    >
      <span class="item-top">
        <span class="item-name">{visitorLabel(conversation.visitorName, conversation.visitorId, t)}</span>
        <time class="item-time" dateTime={activity} title={formatFullDate(activity, lang)}>
          {formatRelativeTime(activity, now, lang, t)}
        </time>
      </span>
      <span class="item-meta">
        <span class="item-channel">{conversation.channelName}</span>
        <span class={`status-badge ${conversation.status}`}>{t.status[conversation.status]}</span>
      </span>
      <span class="item-bottom">
        <span class={`item-preview${preview ? '' : ' empty'}`}>{preview ?? t.list.noMessages}</span>
        {unread && <span class="unread-dot" data-testid="unread-dot" aria-label={t.list.unread} role="img" />}
      </span>
    </button>
  );
}
