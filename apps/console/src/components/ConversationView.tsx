/**
 * The right column: the open conversation's header (claim, transfer, close), history, and what
 * fits below it: the composer for live chats, the visitor's email for offline messages, a note
 * for ended ones.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AgentState, Conversation } from '@parley/protocol';
import { errorText, type UiError } from '../errors.ts';
import { mailtoHref, visitorLabel } from '../format.ts';
import { useI18n } from '../i18n-context.ts';
import { isEnded, type ClaimState, type Draft, type OpenConversation, type OutgoingMessage } from '../store.ts';
import type { ConsoleActions } from '../use-console.ts';
import { Composer } from './Composer.tsx';
import { MessageBubble } from './MessageBubble.tsx';
import { TransferDialog, type TransferChannel } from './TransferDialog.tsx';
import { VerifiedBadge } from './VerifiedBadge.tsx';

export interface ConversationViewProps {
  open: OpenConversation | null;
  conversation: Conversation | undefined;
  outgoing: OutgoingMessage[];
  draft: Draft;
  /** Shown as the author of the agent's own messages until the server confirms them. */
  agentName: string;
  /** Whether the visitor's identity is verified; undefined while not known. */
  visitorVerified: boolean | undefined;
  /** The claim of this conversation in flight, or why it failed. */
  claim: ClaimState | undefined;
  /** Transfer targets for this conversation's site. */
  transferAgents: AgentState[];
  transferAgentsLoaded: boolean;
  transferChannels: TransferChannel[];
  actions: ConsoleActions;
}

/** Renders the open conversation, or a hint to pick one. */
export function ConversationView(props: ConversationViewProps) {
  const { open, conversation, outgoing, draft, agentName, actions } = props;
  const { t } = useI18n();
  if (!open || !conversation) {
    return (
      <section class="conversation-view empty" aria-live="polite">
        <p>{t.view.empty}</p>
      </section>
    );
  }
  return (
    <section class="conversation-view" data-conversation-id={conversation.id} data-status={conversation.status}>
      {/* Keyed, so a dialog or an error of one conversation never shows on the next. */}
      <ConversationHeader key={conversation.id} {...props} conversation={conversation} open={open} />
      <MessageHistory open={open} outgoing={outgoing} agentName={agentName} onRetry={actions.retry} />
      {conversation.status === 'offline' ? (
        <OfflineFooter email={open.visitor?.email ?? null} loading={open.loading} />
      ) : isEnded(conversation.status) ? (
        <p class="ended-note">{t.view.ended}</p>
      ) : (
        <div class="view-footer">
          {conversation.status === 'waiting' && <p class="waiting-note">{t.view.waitingNote}</p>}
          <Composer
            conversationId={conversation.id}
            draft={draft}
            onDraftChange={(next) => actions.setDraft(conversation.id, next)}
            onSend={(text, internal) => actions.send(conversation.id, text, internal)}
          />
        </div>
      )}
    </section>
  );
}

/**
 * An offline message has no one to answer live: the visitor's email, as a mail link, takes the
 * composer's place. The address is only ever text and an href, never markup.
 */
function OfflineFooter({ email, loading }: { email: string | null; loading: boolean }) {
  const { t } = useI18n();
  return (
    <div class="offline-footer">
      <p class="offline-heading">{t.view.offlineHeading}</p>
      <p class="offline-intro">{t.view.offlineIntro}</p>
      {email ? (
        <a class="button primary visitor-email" data-testid="visitor-email" href={mailtoHref(email)}>
          <span aria-hidden="true">✉</span>
          <span>{email}</span>
        </a>
      ) : (
        !loading && <p class="offline-no-email">{t.view.offlineNoEmail}</p>
      )}
    </div>
  );
}

interface ConversationHeaderProps extends ConversationViewProps {
  conversation: Conversation;
  open: OpenConversation;
}

function ConversationHeader(props: ConversationHeaderProps) {
  const { conversation, open, claim, visitorVerified, actions } = props;
  const { t } = useI18n();
  const [closing, setClosing] = useState(false);
  const [closeError, setCloseError] = useState<{ conversationId: string; error: UiError } | null>(null);
  const [transferring, setTransferring] = useState(false);
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
        <div class="visitor-title">
          <h2 class="visitor-name">{name}</h2>
          {visitorVerified !== undefined && <VerifiedBadge verified={visitorVerified} />}
        </div>
        <p class="visitor-meta">
          <span>{email || t.view.noEmail}</span>
          <span aria-hidden="true"> · </span>
          <span>{conversation.channelName}</span>
          {conversation.status === 'active' && conversation.agentName && (
            <>
              <span aria-hidden="true"> · </span>
              <span>{t.view.assignedTo(conversation.agentName)}</span>
            </>
          )}
          <span class={`status-badge ${conversation.status}`}>{t.status[conversation.status]}</span>
        </p>
      </div>
      {closeError?.conversationId === conversation.id && (
        <p class="header-error" role="alert">
          {errorText(closeError.error, t)}
        </p>
      )}
      {claim?.error && (
        <p class="header-error" role="alert" data-testid="claim-error">
          {errorText(claim.error, t)}
        </p>
      )}
      {conversation.status === 'waiting' && (
        <button
          type="button"
          class="button primary"
          data-testid="claim"
          data-conversation-id={conversation.id}
          disabled={claim?.pending === true}
          onClick={() => actions.claim(conversation.id)}
        >
          {claim?.pending ? t.list.claiming : t.list.claim}
        </button>
      )}
      {conversation.status === 'active' && (
        <button
          type="button"
          class="button"
          data-testid="transfer"
          aria-haspopup="dialog"
          onClick={() => setTransferring(true)}
        >
          {t.view.transfer}
        </button>
      )}
      {transferring && (
        <TransferDialog
          conversation={conversation}
          agents={props.transferAgents}
          agentsLoaded={props.transferAgentsLoaded}
          channels={props.transferChannels}
          onLoadAgents={actions.loadAgents}
          onSubmit={actions.transfer}
          onClose={() => setTransferring(false)}
        />
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
