import { useRef, useState } from 'preact/hooks';
import type { Chat } from '../chat.ts';
import { errorText, format, strings } from '../i18n.ts';
import { getRoot, lazy } from '../lazy.ts';
import {
  canSend,
  isOpenConversation,
  offlineReason,
  seenKey,
  showsPrechat,
  showsSurvey,
  typingName,
  visibleMessages,
  type WidgetState,
} from '../store.ts';
import { ChannelChoice } from './ChannelChoice.tsx';
import { Composer } from './Composer.tsx';
import { CloseIcon, DownloadIcon, SoundIcon } from './icons.tsx';
import { MessageList } from './MessageList.tsx';
import { StatusLine } from './StatusLine.tsx';

// Rarely needed parts, each imported the first time it shows (see lazy.ts).
const Prechat = lazy(() => import('./forms.tsx').then((m) => m.Prechat));
const OfflineForm = lazy(() => import('./forms.tsx').then((m) => m.OfflineForm));
const OfflineDone = lazy(() => import('./forms.tsx').then((m) => m.OfflineDone));
const Faq = lazy(() => import('./Faq.tsx').then((m) => m.Faq));
const Survey = lazy(() => import('./Survey.tsx').then((m) => m.Survey));

/** Fetches what a panel without a conversation shows (help articles, pre-chat form) ahead of the click. */
export function preloadPanelParts(state: WidgetState): void {
  if (isOpenConversation(state.conversation)) return;
  void Faq.preload();
  void Prechat.preload();
}

interface Props {
  state: WidgetState;
  chat: Chat;
  launcher: HTMLButtonElement;
}

/**
 * The chat panel: header (agent, sound, transcript, close), connection and status lines, help
 * articles, messages, typing indicator, channel choice and pre-chat form, then the composer or,
 * when nobody can take a new chat, the offline form (and its confirmation once sent).
 */
export function Panel({ state, chat, launcher }: Props) {
  const t = strings[state.lang];
  const { site, conversation } = state;
  const page = state.mode === 'page';
  // Closing from inside the panel hands focus back to the launcher, not to the page's top.
  const close = () => {
    chat.close();
    launcher.focus();
  };
  const chatting = isOpenConversation(conversation);
  const channels = site?.channels ?? [];
  const needsChannel = !chatting && channels.length > 1;
  const offline = offlineReason(state);
  // The bottom part mounted with the panel takes focus; one that replaces it later does so politely.
  const first = useRef(true);
  const fresh = first.current;
  first.current = false;
  // The confirmation of a message left stays until dismissed, unless a chat opens meanwhile (another tab).
  const left = state.leave.status === 'sent' && !chatting;
  const banner =
    state.connection === 'reconnecting' ? t.reconnecting : state.connection === 'connecting' ? t.connecting : null;
  // The post-chat survey, after the messages: once the conversation is closed, until answered (the
  // thanks stay while the panel is open). It takes the place of the inline help articles.
  const [thanked, setThanked] = useState<string | null>(null);
  const survey = showsSurvey(conversation, thanked);
  // Help articles: searchable before the first message; one click away while waiting or when offline.
  const [faqOpen, setFaqOpen] = useState(false);
  const faqInline = !chatting && state.pending.length === 0 && !offline && !left && !survey;
  const faqEntry = !faqInline && (conversation?.status === 'waiting' || !!offline || left);
  const typing = typingName(state);
  const agentName = conversation?.status === 'active' ? conversation.agentName : null;
  const messages = visibleMessages(state);
  const hasHistory = state.messages.some((m) => m.conversationId === conversation?.id);

  return (
    <div
      class="panel"
      role={page ? 'main' : 'dialog'}
      aria-label={site ? format(t.chatWith, { name: site.name }) : t.chat}
      data-testid="parley-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !page) {
          event.stopPropagation();
          close();
        }
      }}
    >
      <header class="head">
        <div class="head-text">
          <h2 class="title">{site?.name ?? t.chat}</h2>
          {agentName || site?.widget.greeting ? <p class="greeting">{agentName ?? site?.widget.greeting}</p> : null}
        </div>
        {hasHistory ? (
          <button
            type="button"
            class="icon"
            title={t.transcript}
            aria-label={t.transcript}
            data-testid="parley-transcript"
            onClick={() =>
              void import('../transcript.ts').then(
                (m) => m.downloadTranscript(state, getRoot()),
                (error: unknown) => console.error('[parley] transcript failed', error),
              )
            }
          >
            <DownloadIcon />
          </button>
        ) : null}
        <button
          type="button"
          class="icon"
          title={t.mute}
          aria-label={t.mute}
          aria-pressed={state.muted}
          data-testid="parley-mute"
          onClick={chat.toggleMute}
        >
          <SoundIcon muted={state.muted} />
        </button>
        {page ? null : (
          <button type="button" class="icon" aria-label={t.closeChat} data-testid="parley-close" onClick={close}>
            <CloseIcon />
          </button>
        )}
      </header>
      {banner ? (
        <p class="banner" data-testid="parley-connection">
          {banner}
        </p>
      ) : null}
      {state.error ? (
        <div class="error" role="alert" data-testid="parley-error">
          <span>{errorText(state.lang, state.error)}</span>
          <button type="button" class="link" onClick={() => chat.retrySession()}>
            {t.tryAgain}
          </button>
        </div>
      ) : null}
      <StatusLine state={state} t={t} />
      {faqEntry ? (
        <button type="button" class="link faq-entry" aria-expanded={faqOpen} onClick={() => setFaqOpen(!faqOpen)}>
          {t.searchHelp}
        </button>
      ) : null}
      {faqInline || (faqEntry && faqOpen) ? (
        <Faq baseUrl={chat.baseUrl} siteKey={chat.siteKey} lang={state.lang} inline={faqInline} />
      ) : null}
      <MessageList messages={messages} lang={state.lang} onRetry={chat.retry} seen={seenKey(state)}>
        {survey ? <Survey key={conversation.id} state={state} chat={chat} onDone={() => setThanked(conversation.id)} /> : null}
      </MessageList>
      {typing !== null ? (
        <p class="typing" data-testid="parley-typing">
          {format(t.typing, { name: typing || t.agent })}
        </p>
      ) : null}
      {needsChannel ? (
        <ChannelChoice channels={channels} value={state.channelId} t={t} onChange={chat.chooseChannel} />
      ) : null}
      {left ? (
        <OfflineDone state={state} chat={chat} fresh={fresh} />
      ) : offline ? (
        <OfflineForm key={offline} state={state} chat={chat} reason={offline} fresh={fresh} />
      ) : (
        <>
          {showsPrechat(state) ? <Prechat state={state} chat={chat} /> : null}
          <Composer
            t={t}
            draft={state.draft}
            onDraft={(text) => {
              chat.setDraft(text);
              chat.noteTyping(text);
            }}
            canSend={canSend(state)}
            disabled={state.session === 'error'}
            onSend={chat.send}
            fresh={fresh}
          />
          {site?.widget.typingPreview ? (
            <p class="peek" data-testid="parley-peek-notice">
              {t.peek}
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
