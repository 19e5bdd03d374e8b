/** The signed-in console: top bar, connection banner, conversation list and conversation view. */
import { useEffect } from 'preact/hooks';
import type { AgentSessionResponse } from '@parley/protocol';
import { useI18n } from '../i18n-context.ts';
import { outgoingFor, unreadCount, EMPTY_DRAFT } from '../store.ts';
import { useConsole } from '../use-console.ts';
import { useNow } from '../use-now.ts';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { ConversationList } from './ConversationList.tsx';
import { ConversationView } from './ConversationView.tsx';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';

export interface ConsoleProps {
  token: string;
  session: AgentSessionResponse;
  onLogout(): void;
  /** The server stopped accepting the token: back to the login page. */
  onUnauthorized(): void;
}

/** Renders the console for a signed-in agent and keeps its socket connected. */
export function Console({ token, session, onLogout, onUnauthorized }: ConsoleProps) {
  const { t } = useI18n();
  const { state, actions } = useConsole(token, onUnauthorized);
  const now = useNow(30_000);
  const unread = unreadCount(state);
  const openId = state.open?.conversationId ?? null;

  // The tab title carries the unread count, so agents notice new messages from another tab.
  useEffect(() => {
    document.title = unread > 0 ? t.titleWithUnread(unread) : t.appTitle;
    return () => {
      document.title = t.appTitle;
    };
  }, [unread, t]);

  return (
    <div class={openId ? 'console has-open' : 'console'}>
      <header class="topbar">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">P</span>
          <span class="brand-name">Parley</span>
        </div>
        <div class="topbar-end">
          <span class="agent-name" data-testid="agent-name" title={session.agent.email}>
            {session.agent.name}
          </span>
          <LanguageSwitcher />
          <button type="button" class="button subtle" data-testid="logout" onClick={onLogout}>
            {t.logout}
          </button>
        </div>
      </header>
      <ConnectionBanner status={state.connection} onRetry={actions.reconnect} />
      <div class="workspace">
        <ConversationList
          conversations={state.conversations}
          unread={state.unread}
          openId={openId}
          loaded={state.listLoaded}
          error={state.listError}
          now={now}
          onOpen={actions.open}
        />
        <ConversationView
          open={state.open}
          conversation={openId ? state.conversations[openId] : undefined}
          outgoing={openId ? outgoingFor(state, openId) : []}
          draft={(openId && state.drafts[openId]) || EMPTY_DRAFT}
          agentName={session.agent.name}
          actions={actions}
        />
      </div>
    </div>
  );
}
