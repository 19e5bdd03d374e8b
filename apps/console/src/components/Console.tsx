/**
 * The signed-in console: top bar (presence and load), connection banner, queues and inbox on the
 * left, the open conversation on the right.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AgentSessionResponse, Conversation } from '@parley/protocol';
import { useI18n } from '../i18n-context.ts';
import { outgoingFor, transferCandidates, unreadCount, EMPTY_DRAFT, type ConsoleState } from '../store.ts';
import { useConsole } from '../use-console.ts';
import { useNow } from '../use-now.ts';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { ConversationList } from './ConversationList.tsx';
import { ConversationView } from './ConversationView.tsx';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { Presence } from './Presence.tsx';
import { QueuePanel } from './QueuePanel.tsx';
import type { TransferChannel } from './TransferDialog.tsx';
import { VisitorsOnline } from './VisitorsOnline.tsx';

/** The left column's tabs: the inbox, or the visitors on the agent's sites now. */
type SidebarTab = 'conversations' | 'visitors';
const SIDEBAR_TABS: readonly SidebarTab[] = ['conversations', 'visitors'];

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
  const { state, actions } = useConsole(token, session.agent.id, onUnauthorized);
  const now = useNow(30_000);
  const unread = unreadCount(state);
  const openId = state.open?.conversationId ?? null;
  const openConversation = openId ? state.conversations[openId] : undefined;
  const [tab, setTab] = useState<SidebarTab>('conversations');

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
          <Presence me={state.me} onSetStatus={actions.setStatus} />
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
        <div class="sidebar">
          <QueuePanel queues={state.queues} loaded={state.queuesLoaded} sites={session.sites} />
          <SidebarTabs tab={tab} unread={unread} onChange={setTab} />
          {/* The inbox stays mounted while hidden, so its folds and filter survive a look at the visitors. */}
          <div
            class="sidebar-pane"
            id="sidebar-pane-conversations"
            role="tabpanel"
            aria-labelledby="sidebar-tab-conversations"
            hidden={tab !== 'conversations'}
          >
            <ConversationList
              conversations={state.conversations}
              agentId={state.agentId}
              unread={state.unread}
              claims={state.claims}
              verified={state.verified}
              sites={session.sites}
              openId={openId}
              loaded={state.listLoaded}
              error={state.listError}
              now={now}
              onOpen={actions.open}
              onClaim={actions.claim}
            />
          </div>
          {tab === 'visitors' && (
            <div class="sidebar-pane" id="sidebar-pane-visitors" role="tabpanel" aria-labelledby="sidebar-tab-visitors">
              <VisitorsOnline
                sites={session.sites}
                lists={state.onlineVisitors}
                initiations={state.initiations}
                me={state.me}
                connected={state.connection === 'connected'}
                actions={actions}
              />
            </div>
          )}
        </div>
        <ConversationView
          open={state.open}
          conversation={openConversation}
          outgoing={openId ? outgoingFor(state, openId) : []}
          draft={(openId && state.drafts[openId]) || EMPTY_DRAFT}
          agentName={session.agent.name}
          visitorVerified={
            openConversation ? (state.open?.visitor?.verified ?? state.verified[openConversation.visitorId]) : undefined
          }
          claim={openId ? state.claims[openId] : undefined}
          transferAgents={openConversation ? transferCandidates(state, openConversation.siteId) : []}
          transferAgentsLoaded={openConversation ? openConversation.siteId in state.siteAgents : false}
          transferChannels={openConversation ? transferChannels(state, session, openConversation) : []}
          actions={actions}
        />
      </div>
    </div>
  );
}

/** Two tabs over the left column; arrow keys move between them, as for any tab list. */
function SidebarTabs({ tab, unread, onChange }: { tab: SidebarTab; unread: number; onChange(tab: SidebarTab): void }) {
  const { t } = useI18n();
  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = SIDEBAR_TABS[(SIDEBAR_TABS.indexOf(tab) + 1) % SIDEBAR_TABS.length]!;
    onChange(next);
    document.getElementById(`sidebar-tab-${next}`)?.focus();
  }
  return (
    <div class="sidebar-tabs" role="tablist" aria-label={t.sidebar.label} onKeyDown={onKeyDown}>
      {SIDEBAR_TABS.map((value) => (
        <button
          key={value}
          type="button"
          role="tab"
          id={`sidebar-tab-${value}`}
          class={`sidebar-tab${tab === value ? ' selected' : ''}`}
          data-testid={`tab-${value}`}
          aria-selected={tab === value}
          aria-controls={`sidebar-pane-${value}`}
          tabIndex={tab === value ? 0 : -1}
          onClick={() => onChange(value)}
        >
          <span>{t.sidebar[value]}</span>
          {/* New messages stay noticeable while the agent looks at the visitors. */}
          {value === 'conversations' && unread > 0 && (
            <span class="count attention" data-testid="tab-unread">
              {unread}
            </span>
          )}
        </button>
      ))}
    </div>
  );
}

/**
 * The channels a conversation can be transferred to: the other channels of its site (as known at
 * sign-in, plus any the live queues list), online as the live queues say when they know.
 */
function transferChannels(state: ConsoleState, session: AgentSessionResponse, conversation: Conversation): TransferChannel[] {
  const byId = new Map<string, TransferChannel>();
  for (const channel of session.sites.find((s) => s.id === conversation.siteId)?.channels ?? []) {
    byId.set(channel.id, { id: channel.id, name: channel.name, online: channel.online });
  }
  for (const channel of state.queues.find((q) => q.siteId === conversation.siteId)?.channels ?? []) {
    byId.set(channel.channelId, { id: channel.channelId, name: channel.name, online: channel.agentsOnline > 0 });
  }
  byId.delete(conversation.channelId);
  return [...byId.values()];
}
