/**
 * The middle column: the open conversation's header (claim, transfer, close, reopen, transcript,
 * block), history (with the visitor's live typing, "Seen" and the survey answers), and what fits
 * below it: the composer for live chats, the visitor's email for offline messages, a note for
 * ended ones.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AgentState, Conversation } from '@parley/protocol';
import type { TranscriptFormat } from '../api.ts';
import type { PlaceholderValues } from '../canned.ts';
import { errorText, type UiError } from '../errors.ts';
import { formatFullDate, mailtoHref, visitorLabel } from '../format.ts';
import { useI18n } from '../i18n-context.ts';
import { seenMessageId } from '../receipts.ts';
import {
  isEnded,
  type CannedState,
  type ClaimState,
  type Draft,
  type OpenConversation,
  type OutgoingMessage,
  type VisitorTyping,
} from '../store.ts';
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
  /** Whether the visitor is blocked; undefined while not known. */
  visitorBlocked?: boolean | undefined;
  /** The claim of this conversation in flight, or why it failed. */
  claim: ClaimState | undefined;
  /** Transfer targets for this conversation's site. */
  transferAgents: AgentState[];
  transferAgentsLoaded: boolean;
  transferChannels: TransferChannel[];
  /** The visitor typing now (fresh signals only), with their draft when the site allows it. */
  typing?: VisitorTyping | null;
  /** The site's canned responses, and what their placeholders are filled with. */
  canned?: CannedState;
  placeholders?: PlaceholderValues;
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
  const visitorName = visitorLabel(open.visitor?.name ?? conversation.visitorName, conversation.visitorId, t);
  return (
    <section class="conversation-view" data-conversation-id={conversation.id} data-status={conversation.status}>
      {/* Keyed, so a dialog or an error of one conversation never shows on the next. */}
      <ConversationHeader key={conversation.id} {...props} conversation={conversation} open={open} />
      <MessageHistory
        open={open}
        conversation={conversation}
        outgoing={outgoing}
        agentName={agentName}
        visitorName={visitorName}
        typing={isEnded(conversation.status) ? null : (props.typing ?? null)}
        onRetry={actions.retry}
      />
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
            canned={props.canned}
            onNeedCanned={() => actions.loadCanned(conversation.siteId)}
            placeholders={props.placeholders}
            onTyping={(typing) => actions.sendTyping(conversation.id, typing)}
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

/** An error shown in the header, remembered with the conversation it belongs to. */
type HeaderError = { conversationId: string; error: UiError } | null;

function ConversationHeader(props: ConversationHeaderProps) {
  const { conversation, open, claim, visitorVerified, visitorBlocked, actions } = props;
  const { t } = useI18n();
  const [closing, setClosing] = useState(false);
  const [reopening, setReopening] = useState(false);
  const [downloading, setDownloading] = useState<TranscriptFormat | null>(null);
  const [actionError, setActionError] = useState<HeaderError>(null);
  const [transferring, setTransferring] = useState(false);
  const [confirmingBlock, setConfirmingBlock] = useState(false);
  const name = visitorLabel(open.visitor?.name ?? conversation.visitorName, conversation.visitorId, t);
  const email = open.visitor?.email;
  const reopenable = conversation.status === 'closed' || conversation.status === 'missed' || conversation.status === 'offline';

  async function run(action: () => Promise<UiError | null>) {
    setActionError(null);
    const error = await action();
    if (error) setActionError({ conversationId: conversation.id, error });
  }

  async function close() {
    setClosing(true);
    await run(() => actions.closeConversation(conversation.id));
    setClosing(false);
  }

  async function reopen() {
    setReopening(true);
    await run(() => actions.reopen(conversation.id));
    setReopening(false);
  }

  async function download(format: TranscriptFormat) {
    setDownloading(format);
    await run(() => actions.downloadTranscript(conversation.id, format));
    setDownloading(null);
  }

  return (
    <header class="view-header">
      <div class="view-header-main">
        <button type="button" class="button subtle back-button" onClick={actions.closeView}>
          ‹ {t.view.back}
        </button>
        <div class="visitor-info">
          <div class="visitor-title">
            <h2 class="visitor-name">{name}</h2>
            {visitorVerified !== undefined && <VerifiedBadge verified={visitorVerified} />}
            {visitorBlocked && (
              <span class="blocked-badge" data-testid="blocked-badge">
                {t.inbox.panel.blocked}
              </span>
            )}
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
      </div>
      <div class="view-actions">
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
        {reopenable && (
          <button type="button" class="button primary" data-testid="reopen" disabled={reopening} onClick={reopen}>
            {reopening ? t.inbox.actions.reopening : t.inbox.actions.reopen}
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
        <span class="button-group" role="group" aria-label={t.inbox.actions.transcript}>
          <span class="button-group-label" aria-hidden="true">
            ⤓ {t.inbox.actions.transcript}
          </span>
          <button
            type="button"
            class="button small"
            data-testid="transcript-txt"
            title={t.inbox.actions.transcriptTxt}
            aria-label={t.inbox.actions.transcriptTxt}
            disabled={downloading !== null}
            onClick={() => void download('txt')}
          >
            TXT
          </button>
          <button
            type="button"
            class="button small"
            data-testid="transcript-json"
            title={t.inbox.actions.transcriptJson}
            aria-label={t.inbox.actions.transcriptJson}
            disabled={downloading !== null}
            onClick={() => void download('json')}
          >
            JSON
          </button>
        </span>
        <button
          type="button"
          class={`button small${visitorBlocked ? '' : ' danger-outline'}`}
          data-testid="block"
          data-blocked={String(visitorBlocked === true)}
          aria-expanded={confirmingBlock}
          onClick={() => setConfirmingBlock(!confirmingBlock)}
        >
          {visitorBlocked ? t.inbox.actions.unblock : t.inbox.actions.block}
        </button>
      </div>
      {confirmingBlock && (
        <BlockConfirm
          block={!visitorBlocked}
          onCancel={() => setConfirmingBlock(false)}
          onConfirm={async () => {
            const error = await actions.blockVisitor(conversation.visitorId, !visitorBlocked);
            if (error) return error;
            setConfirmingBlock(false);
            return null;
          }}
        />
      )}
      {actionError?.conversationId === conversation.id && (
        <p class="header-error" role="alert">
          {errorText(actionError.error, t)}
        </p>
      )}
      {claim?.error && (
        <p class="header-error" role="alert" data-testid="claim-error">
          {errorText(claim.error, t)}
        </p>
      )}
    </header>
  );
}

/**
 * The confirm step of blocking (or unblocking): a bar under the header with the consequence
 * spelled out. Escape or Cancel backs out; focus starts on Cancel, the harmless choice.
 */
function BlockConfirm({ block, onCancel, onConfirm }: { block: boolean; onCancel(): void; onConfirm(): Promise<UiError | null> }) {
  const { t } = useI18n();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    cancel.current?.focus();
  }, []);

  async function confirm() {
    setPending(true);
    setError(null);
    const failure = await onConfirm();
    setPending(false);
    if (failure) setError(failure);
  }

  return (
    <div
      class={`confirm-bar${block ? ' danger' : ''}`}
      role="alertdialog"
      aria-labelledby="block-question"
      data-testid="block-dialog"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !pending) {
          event.preventDefault();
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <p id="block-question">{block ? t.inbox.actions.blockQuestion : t.inbox.actions.unblockQuestion}</p>
      {error && (
        <p class="header-error" role="alert">
          {errorText(error, t)}
        </p>
      )}
      <div class="confirm-actions">
        <button type="button" class="button small subtle" ref={cancel} disabled={pending} onClick={onCancel}>
          {t.inbox.actions.cancel}
        </button>
        <button
          type="button"
          class={`button small${block ? ' danger' : ' primary'}`}
          data-testid="block-confirm"
          disabled={pending}
          onClick={() => void confirm()}
        >
          {pending ? t.inbox.actions.blocking : block ? t.inbox.actions.blockConfirm : t.inbox.actions.unblockConfirm}
        </button>
      </div>
    </div>
  );
}

interface MessageHistoryProps {
  open: OpenConversation;
  conversation: Conversation;
  outgoing: OutgoingMessage[];
  agentName: string;
  visitorName: string;
  typing: VisitorTyping | null;
  onRetry(clientId: string): void;
}

/** Distance from the bottom (px) within which new messages keep the view scrolled down. */
const STICK_TO_BOTTOM_PX = 80;

function MessageHistory({ open, conversation, outgoing, agentName, visitorName, typing, onRetry }: MessageHistoryProps) {
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  // Whether the agent was at the bottom before this render; if they scrolled up to read,
  // arriving messages must not yank them back down.
  const atBottom = useRef(true);
  const count = open.messages.length + outgoing.length;
  const seenId = seenMessageId(open.messages, conversation.visitorReadSeq);
  const survey = conversation.survey;

  useLayoutEffect(() => {
    atBottom.current = true;
  }, [open.conversationId]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [open.conversationId, count, open.loading, typing?.preview, typing !== null, survey !== null, seenId]);

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
            seen={message.id === seenId}
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
      {survey && <SurveyResult survey={survey} />}
      {typing && (
        <div class="typing-indicator" data-testid="typing-preview" data-has-preview={String(typing.preview !== null)}>
          <span class="typing-label">
            <span class="typing-dots" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            {t.inbox.typing.named(visitorName)}
          </span>
          {/* The visitor's unsent draft: text only, never markup. */}
          {typing.preview !== null && <span class="typing-text">{typing.preview}</span>}
        </div>
      )}
    </div>
  );
}

/** The visitor's post-chat survey answers: CSAT as stars, NPS and CES when asked, their comment. */
function SurveyResult({ survey }: { survey: NonNullable<Conversation['survey']> }) {
  const { t, lang } = useI18n();
  const csat = Math.max(0, Math.min(5, Math.round(survey.csat)));
  return (
    <section class="survey-card" data-testid="survey-result" data-csat={survey.csat} aria-label={t.inbox.survey.heading}>
      <h3>
        {t.inbox.survey.heading}
        <time dateTime={survey.answeredAt}>{formatFullDate(survey.answeredAt, lang)}</time>
      </h3>
      <dl>
        <div>
          <dt>{t.inbox.survey.csat}</dt>
          <dd>
            <span class="stars" role="img" aria-label={t.inbox.survey.stars(csat)} title={t.inbox.survey.stars(csat)}>
              {'★'.repeat(csat)}
              <span class="stars-empty">{'★'.repeat(5 - csat)}</span>
            </span>
          </dd>
        </div>
        {survey.nps !== null && (
          <div data-testid="survey-nps">
            <dt>{t.inbox.survey.nps}</dt>
            <dd>{`${survey.nps} / 10`}</dd>
          </div>
        )}
        {survey.ces !== null && (
          <div data-testid="survey-ces">
            <dt>{t.inbox.survey.ces}</dt>
            <dd>{`${survey.ces} / 7`}</dd>
          </div>
        )}
        {survey.comment && (
          <div class="survey-comment">
            <dt>{t.inbox.survey.comment}</dt>
            <dd>{survey.comment}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
