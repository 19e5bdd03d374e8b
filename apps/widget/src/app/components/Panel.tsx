import { useRef } from 'preact/hooks';
import { errorText, format, strings } from '../i18n.ts';
import type { Chat } from '../chat.ts';
import { canSend, isOpenConversation, offlineReason, visibleMessages, type WidgetState } from '../store.ts';
import { ChannelChoice } from './ChannelChoice.tsx';
import { Composer } from './Composer.tsx';
import { MessageList } from './MessageList.tsx';
import { OfflineDone, OfflineForm } from './OfflineForm.tsx';
import { StatusLine } from './StatusLine.tsx';

interface Props {
  state: WidgetState;
  chat: Chat;
  launcher: HTMLButtonElement;
}

/**
 * The chat panel: header, connection and status lines, messages, channel choice, then the composer
 * or, when nobody can take a new chat, the offline form (and its confirmation once sent).
 */
export function Panel({ state, chat, launcher }: Props) {
  const t = strings[state.lang];
  const site = state.site;
  // Closing from inside the panel hands focus back to the launcher, not to the page's top.
  const close = () => {
    chat.close();
    launcher.focus();
  };
  const channels = site?.channels ?? [];
  const needsChannel = !isOpenConversation(state.conversation) && channels.length > 1;
  const offline = offlineReason(state);
  // The bottom part mounted with the panel takes focus; one that replaces it later does so politely.
  const first = useRef(true);
  const fresh = first.current;
  first.current = false;
  // The confirmation of a message left stays until dismissed, unless a chat opens meanwhile (another tab).
  const left = state.leave.status === 'sent' && !isOpenConversation(state.conversation);
  const banner =
    state.connection === 'reconnecting' ? t.reconnecting : state.connection === 'connecting' ? t.connecting : null;

  return (
    <div
      class="panel"
      role="dialog"
      aria-label={site ? format(t.chatWith, { name: site.name }) : t.chat}
      data-testid="parley-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          close();
        }
      }}
    >
      <header class="head">
        <div class="head-text">
          <h2 class="title">{site?.name ?? t.chat}</h2>
          {site?.widget.greeting ? <p class="greeting">{site.widget.greeting}</p> : null}
        </div>
        <button type="button" class="close" aria-label={t.closeChat} data-testid="parley-close" onClick={close}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M6 6l12 12M18 6L6 18" />
          </svg>
        </button>
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
      <MessageList messages={visibleMessages(state)} lang={state.lang} onRetry={chat.retry} />
      {needsChannel ? (
        <ChannelChoice channels={channels} value={state.channelId} t={t} onChange={chat.chooseChannel} />
      ) : null}
      {left ? (
        <OfflineDone state={state} chat={chat} fresh={fresh} />
      ) : offline ? (
        <OfflineForm key={offline} state={state} chat={chat} reason={offline} fresh={fresh} />
      ) : (
        <Composer
          t={t}
          draft={state.draft}
          onDraft={chat.setDraft}
          canSend={canSend(state)}
          disabled={state.session === 'error'}
          onSend={chat.send}
          fresh={fresh}
        />
      )}
    </div>
  );
}
