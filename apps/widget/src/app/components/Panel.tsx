import { errorText, format, strings } from '../i18n.ts';
import type { Chat } from '../chat.ts';
import { canSend, isOpenConversation, visibleMessages, type WidgetState } from '../store.ts';
import { ChannelChoice } from './ChannelChoice.tsx';
import { Composer } from './Composer.tsx';
import { MessageList } from './MessageList.tsx';
import { StatusLine } from './StatusLine.tsx';

interface Props {
  state: WidgetState;
  chat: Chat;
  launcher: HTMLButtonElement;
  draft: string;
  onDraft: (draft: string) => void;
}

/** The chat panel: header, connection and status lines, messages, channel choice, composer. */
export function Panel({ state, chat, launcher, draft, onDraft }: Props) {
  const t = strings[state.lang];
  const site = state.site;
  // Closing from inside the panel hands focus back to the launcher, not to the page's top.
  const close = () => {
    chat.close();
    launcher.focus();
  };
  const channels = site?.channels ?? [];
  const needsChannel = !isOpenConversation(state.conversation) && channels.length > 1;
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
      <Composer
        t={t}
        draft={draft}
        onDraft={onDraft}
        canSend={canSend(state)}
        disabled={state.session === 'error'}
        onSend={chat.send}
      />
    </div>
  );
}
