/** The right column: the open conversation's header, history and composer. */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Conversation } from '@parley/protocol';
import { errorText, type UiError } from '../errors.ts';
import { visitorLabel } from '../format.ts';
import { useI18n } from '../i18n-context.ts';
import { isEnded, type Draft, type OpenConversation, type OutgoingMessage } from '../store.ts';
import type { ConsoleActions } from '../use-console.ts';
import { Composer } from './Composer.tsx';
import { MessageBubble } from './MessageBubble.tsx';

export interface ConversationViewProps {
  open: OpenConversation | null;
  conversation: Conversation | undefined;
  outgoing: OutgoingMessage[];
  draft: Draft;
  /** Shown as the author of the agent's own messages until the server confirms them. */
  agentName: string;
  actions: ConsoleActions;
}

/** Renders the open conversation, or a hint to pick one. */
export function ConversationView({ open, conversation, outgoing, draft, agentName, actions }: ConversationViewProps) {
  const { t } = useI18n();
  if (!open || !conversation) {
    return (
      <section class="conversation-view empty" aria-live="polite">
        <p>{t.view.empty}</p>
      </section>
    );
  }
  return (
    <section class="conversation-view" data-conversation-id={conversation.id}>
      <ConversationHeader conversation={conversation} open={open} actions={actions} />
      <MessageHistory open={open} outgoing={outgoing} agentName={agentName} onRetry={actions.retry} />
      {isEnded(conversation.status) ? (
        <p class="ended-note">{t.view.ended}</p>
      ) : (
        <Composer
          conversationId={conversation.id}
          draft={draft}
          onDraftChange={(next) => actions.setDraft(conversation.id, next)}
          onSend={(text, internal) => actions.send(conversation.id, text, internal)}
        />
      )}
    </section>
  );
}

interface ConversationHeaderProps {
  conversation: Conversation;
  open: OpenConversation;
  actions: ConsoleActions;
}

function ConversationHeader({ conversation, open, actions }: ConversationHeaderProps) {
  const { t } = useI18n();
  const [closing, setClosing] = useState(false);
  const [closeError, setCloseError] = useState<{ conversationId: string; error: UiError } | null>(null);
  const name = visitorLabel(open.visitor?.name ?? conversation.visitorName, conversation.visitorId, t);
  const email = open.visitor?.email;

  async function close() {
    setClosing(true);
    setCloseError(null);
    const error = await actions.closeConversation(conversation.id);
    setClosing(false);
    if (error) setCloseError({ conversationId: conversation.id, error });
  }

  return (
    <header class="view-header">
      <button type="button" class="button subtle back-button" onClick={actions.closeView}>
        ‹ {t.view.back}
      </button>
      <div class="visitor-info">
        <h2 class="visitor-name">{name}</h2>
        <p class="visitor-meta">
          <span>{email || t.view.noEmail}</span>
          <span aria-hidden="true"> · </span>
          <span>{conversation.channelName}</span>
          <span class={`status-badge ${conversation.status}`}>{t.status[conversation.status]}</span>
        </p>
      </div>
      {closeError?.conversationId === conversation.id && (
        <p class="header-error" role="alert">
          {errorText(closeError.error, t)}
        </p>
      )}
      <button
        type="button"
        class="button"
        data-testid="close-conversation"
        disabled={closing || isEnded(conversation.status)}
        onClick={close}
      >
        {closing ? t.view.closing : t.view.close}
      </button>
    </header>
  );
}

interface MessageHistoryProps {
  open: OpenConversation;
  outgoing: OutgoingMessage[];
  agentName: string;
  onRetry(clientId: string): void;
}

/** Distance from the bottom (px) within which new messages keep the view scrolled down. */
const STICK_TO_BOTTOM_PX = 80;

function MessageHistory({ open, outgoing, agentName, onRetry }: MessageHistoryProps) {
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  // Whether the agent was at the bottom before this render; if they scrolled up to read,
  // arriving messages must not yank them back down.
  const atBottom = useRef(true);
  const count = open.messages.length + outgoing.length;

  useLayoutEffect(() => {
    atBottom.current = true;
  }, [open.conversationId]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [open.conversationId, count, open.loading]);

  function onScroll() {
    const el = scroller.current;
    if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_TO_BOTTOM_PX;
  }

  return (
    <div class="history" ref={scroller} onScroll={onScroll}>
      {open.loading && open.messages.length === 0 && <p class="history-note">{t.view.loading}</p>}
      {open.error && (
        <p class="history-note error" role="alert">
          {errorText(open.error, t)}
        </p>
      )}
      <ol class="messages" aria-live="polite">
        {open.messages.map((message) => (
          <MessageBubble
            key={message.id}
            sender={message.sender}
            internal={message.internal}
            authorName={message.authorName}
            text={message.text}
            createdAt={message.createdAt}
            status="sent"
          />
        ))}
        {outgoing.map((message) => (
          <MessageBubble
            key={message.clientId}
            sender="agent"
            internal={message.internal}
            authorName={agentName}
            text={message.text}
            createdAt={message.createdAt}
            status={message.status}
            error={message.error}
            onRetry={() => onRetry(message.clientId)}
          />
        ))}
      </ol>
    </div>
  );
}
