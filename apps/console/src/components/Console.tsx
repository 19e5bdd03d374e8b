/**
 * The signed-in console: top bar (presence and load, sound, notifications, shortcuts help),
 * connection banner, queues and inbox on the left, the open conversation in the middle and the
 * visitor panel on its right (below it on tablets).
 *
 * It also runs what works across the whole inbox: search (debounced), keyboard switching between
 * conversations, read receipts, alerts, auto-away, and loading what the open conversation needs
 * (visitor context, canned responses).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AgentSessionResponse, AgentStatus, Conversation } from '@parley/protocol';
import '../inbox.css';
import { useI18n } from '../i18n-context.ts';
import { readSeqToSend } from '../receipts.ts';
import { navigationOrder, nthConversation, shortcutFor, stepConversation } from '../shortcuts.ts';
import { readStored, writeStored } from '../storage.ts';
import {
  cannedOf,
  contextOf,
  groupConversations,
  outgoingFor,
  searchResults,
  transferCandidates,
  typingOf,
  unreadCount,
  EMPTY_DRAFT,
  type ConsoleState,
  type Section,
} from '../store.ts';
import { useAlerts } from '../use-alerts.ts';
import { useAutoAway } from '../use-auto-away.ts';
import { useConsole } from '../use-console.ts';
import { useNow } from '../use-now.ts';
import { usePageActive } from '../use-page-active.ts';
import { isRendered, useElementVisible } from '../use-visible.ts';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { ConversationList, NO_FILTERS, type AgentOption, type InboxFilters } from './ConversationList.tsx';
import { ConversationView } from './ConversationView.tsx';
import { InboxTools } from './InboxTools.tsx';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { Presence } from './Presence.tsx';
import { QueuePanel } from './QueuePanel.tsx';
import type { TransferChannel } from './TransferDialog.tsx';
import { VisitorPanel } from './VisitorPanel.tsx';
import { VisitorsOnline } from './VisitorsOnline.tsx';

/** The left column's tabs: the inbox, or the visitors on the agent's sites now. */
type SidebarTab = 'conversations' | 'visitors';
const SIDEBAR_TABS: readonly SidebarTab[] = ['conversations', 'visitors'];

/** Pause after the last keystroke before a search is sent. */
export const SEARCH_DEBOUNCE_MS = 300;
/** localStorage key remembering that the agent collapsed the visitor panel. */
const PANEL_STORAGE_KEY = 'parley:visitor-panel-collapsed';

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
  const openRef = useRef<(conversationId: string) => void>(() => {});
  const rootRef = useRef<HTMLDivElement>(null);
  const mainRef = useRef<HTMLDivElement>(null);
  const mainVisible = useElementVisible(mainRef);
  const mainVisibleRef = useRef(mainVisible);
  mainVisibleRef.current = mainVisible;
  const alerts = useAlerts(t, (id) => openRef.current(id), () => mainVisibleRef.current);
  const { state, actions } = useConsole(token, session.agent.id, onUnauthorized, alerts.listener);
  // A clicked notification opens its conversation, bringing the inbox back if another page of the
  // app is shown (`#/` is the inbox's address).
  openRef.current = (conversationId) => {
    if (!isRendered(rootRef.current) && globalThis.location) globalThis.location.hash = '#/';
    actions.open(conversationId);
  };
  const now = useNow(30_000);
  const pageActive = usePageActive();
  const unread = unreadCount(state);
  const openId = state.open?.conversationId ?? null;
  const openConversation = openId ? state.conversations[openId] : undefined;
  const connected = state.connection === 'connected';
  const [tab, setTab] = useState<SidebarTab>('conversations');
  const [filters, setFilters] = useState<InboxFilters>(NO_FILTERS);
  const [folded, setFolded] = useState<Partial<Record<Section, boolean>>>({});
  const [helpOpen, setHelpOpen] = useState(false);
  const [panelCollapsed, setPanelCollapsed] = useState(panelStartsCollapsed);
  const autoAway = useAutoAway(state.me?.status ?? null, actions.setStatus);

  // The tab title carries the unread count, so agents notice new messages from another tab.
  useEffect(() => {
    document.title = unread > 0 ? t.titleWithUnread(unread) : t.appTitle;
    return () => {
      document.title = t.appTitle;
    };
  }, [unread, t]);

  // The agents of every site, for the agent filter (kept live by `agents:state` afterwards).
  const siteIds = session.sites.map((s) => s.id).join(',');
  useEffect(() => {
    if (!connected) return;
    for (const site of session.sites) void actions.loadAgents(site.id);
  }, [connected, siteIds]);

  // Search: debounced while typing; an emptied box goes back to the inbox at once.
  const query = filters.query.trim();
  const channelFilter = validChannel(session, filters.channelId);
  const agentFilter = filters.agentId;
  useEffect(() => {
    if (!query) {
      actions.clearSearch();
      return;
    }
    if (!connected) return;
    const timer = setTimeout(
      () => actions.search({ query, channelId: channelFilter || null, agentId: agentFilter || null }),
      SEARCH_DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [query, channelFilter, agentFilter, connected]);

  // What the open conversation needs: the visitor's context and the site's canned responses.
  const visitorId = openConversation?.visitorId ?? null;
  const siteId = openConversation?.siteId ?? null;
  useEffect(() => {
    if (connected && visitorId) actions.loadVisitorContext(visitorId);
  }, [openId, visitorId, connected]);
  useEffect(() => {
    if (siteId) actions.loadCanned(siteId);
  }, [openId, siteId]);

  // Read receipts: reported while the agent can see the conversation (on screen, window focused).
  const readSent = useRef<Record<string, number>>({});
  const viewing = pageActive && mainVisible && connected;
  useEffect(() => {
    const open = state.open;
    if (!open || !openConversation || open.loading) return;
    const seq = readSeqToSend({
      conversation: openConversation,
      messages: open.messages,
      agentId: state.agentId,
      viewing,
      sent: readSent.current[open.conversationId] ?? 0,
    });
    if (seq === null) return;
    readSent.current = { ...readSent.current, [open.conversationId]: seq };
    actions.markRead(open.conversationId, seq);
  }, [viewing, state.open, openConversation, state.agentId]);

  // The list as shown: search results while searching, else the filtered inbox.
  const groups = useMemo(
    () => groupConversations(state.conversations, state.agentId, channelFilter || null, agentFilter || null),
    [state.conversations, state.agentId, channelFilter, agentFilter],
  );
  const searching = state.search !== null && query !== '';
  const results = searching ? searchResults(state) : null;
  const order = searching ? (results ?? []).map((c) => c.id) : navigationOrder(groups, folded);

  // Keyboard: Alt+↑/↓ and Alt+1…9 switch conversations, `?` shows the help.
  const keys = useRef({ order, openId, open: actions.open });
  keys.current = { order, openId, open: actions.open };
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.repeat) return;
      // The inbox stays mounted behind the other pages; its keys only work while it is shown.
      if (!isRendered(rootRef.current) || document.querySelector('dialog[open]')) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target instanceof HTMLSelectElement) return; // Alt+↓ opens a select's list
      const inText = target?.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') != null;
      const shortcut = shortcutFor(event, inText);
      if (!shortcut) return;
      event.preventDefault();
      const { order: list, openId: current, open } = keys.current;
      if (shortcut.type === 'help') {
        setHelpOpen((value) => !value);
        return;
      }
      const next = shortcut.type === 'step' ? stepConversation(list, current, shortcut.delta) : nthConversation(list, shortcut.n);
      if (next && next !== current) open(next);
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  const agentOptions = useMemo(() => agentFilterOptions(state, session, t.inbox.filters.me), [state.agents, state.siteAgents, state.agentId, t]);
  const setStatus = (status: AgentStatus) => {
    autoAway.manual();
    return actions.setStatus(status);
  };

  const context = visitorId ? contextOf(state, visitorId) : null;
  const contextVisitor = context?.visitor?.id === visitorId ? context.visitor : null;
  const typing = openId ? typingOf(state, openId, Date.now()) : null;

  return (
    <div class={openId ? 'console has-open' : 'console'} ref={rootRef}>
      <header class="topbar">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">P</span>
          <span class="brand-name">Parley</span>
        </div>
        <div class="topbar-end">
          <Presence me={state.me} onSetStatus={setStatus} autoAway={autoAway.auto} />
          <InboxTools
            soundOn={alerts.soundOn}
            onToggleSound={alerts.toggleSound}
            permission={alerts.permission}
            notifyOn={alerts.notifyOn}
            onToggleNotify={alerts.toggleNotify}
            helpOpen={helpOpen}
            onHelpChange={setHelpOpen}
          />
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
              total={Object.keys(state.conversations).length}
              groups={groups}
              agentId={state.agentId}
              unread={state.unread}
              claims={state.claims}
              verified={state.verified}
              typing={state.typing}
              sites={session.sites}
              agents={agentOptions}
              filters={filters}
              onFiltersChange={setFilters}
              search={searching ? state.search : null}
              results={results}
              folded={folded}
              onFold={(section, value) => setFolded((current) => ({ ...current, [section]: value }))}
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
                connected={connected}
                actions={actions}
              />
            </div>
          )}
        </div>
        <div class={`main-pane${openConversation ? ' with-panel' : ''}${panelCollapsed ? ' panel-collapsed' : ''}`} ref={mainRef}>
          <ConversationView
            open={state.open}
            conversation={openConversation}
            outgoing={openId ? outgoingFor(state, openId) : []}
            draft={(openId && state.drafts[openId]) || EMPTY_DRAFT}
            agentName={session.agent.name}
            visitorVerified={
              openConversation ? (state.open?.visitor?.verified ?? state.verified[openConversation.visitorId]) : undefined
            }
            visitorBlocked={contextVisitor?.blocked}
            claim={openId ? state.claims[openId] : undefined}
            transferAgents={openConversation ? transferCandidates(state, openConversation.siteId) : []}
            transferAgentsLoaded={openConversation ? openConversation.siteId in state.siteAgents : false}
            transferChannels={openConversation ? transferChannels(state, session, openConversation) : []}
            typing={typing}
            canned={siteId ? cannedOf(state, siteId) : undefined}
            placeholders={{
              visitorName: contextVisitor?.name ?? state.open?.visitor?.name ?? openConversation?.visitorName,
              visitorEmail: contextVisitor?.email ?? state.open?.visitor?.email,
              agentName: session.agent.name,
            }}
            actions={actions}
          />
          {openConversation && context && (
            <VisitorPanel
              visitorId={openConversation.visitorId}
              conversationId={openConversation.id}
              context={context}
              conversations={state.conversations}
              collapsed={panelCollapsed}
              onToggle={() => {
                writeStored(PANEL_STORAGE_KEY, panelCollapsed ? '0' : '1');
                setPanelCollapsed(!panelCollapsed);
              }}
              onRefresh={() => actions.loadVisitorContext(openConversation.visitorId)}
              onOpen={actions.open}
              {...(session.agent.role === 'admin'
                ? {
                    privacy: {
                      onExport: () => actions.exportVisitor(openConversation.siteId, openConversation.visitorId),
                      onErase: () => actions.eraseVisitor(openConversation.siteId, openConversation.visitorId),
                    },
                  }
                : {})}
            />
          )}
        </div>
      </div>
    </div>
  );
}

/** Two tabs over the left column; arrow keys move between them, as for any tab list. */
function SidebarTabs({ tab, unread, onChange }: { tab: SidebarTab; unread: number; onChange(tab: SidebarTab): void }) {
  const { t } = useI18n();
  function onKeyDown(event: KeyboardEvent) {
    if (event.altKey || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
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
 * The visitor panel starts as the agent last left it; before they chose, it starts open except on
 * phones, where it would squeeze the conversation above it out of sight.
 */
function panelStartsCollapsed(): boolean {
  const stored = readStored(PANEL_STORAGE_KEY);
  if (stored === '1' || stored === '0') return stored === '1';
  return globalThis.matchMedia?.('(max-width: 699px)').matches ?? false;
}

/** The channel filter's value if it still names one of the agent's channels, else '' (any). */
function validChannel(session: AgentSessionResponse, channelId: string): string {
  return session.sites.some((site) => site.channels.some((c) => c.id === channelId)) ? channelId : '';
}

/** The agents of the agent's sites for the agent filter: the signed-in agent first, then by name. */
function agentFilterOptions(state: ConsoleState, session: AgentSessionResponse, me: (name: string) => string): AgentOption[] {
  const ids = new Set<string>([session.agent.id]);
  for (const siteAgents of Object.values(state.siteAgents)) for (const id of siteAgents) ids.add(id);
  const others = [...ids]
    .filter((id) => id !== session.agent.id)
    .map((id) => ({ id, name: state.agents[id]?.name ?? '' }))
    .filter((a) => a.name !== '')
    .sort((a, b) => a.name.localeCompare(b.name));
  return [{ id: session.agent.id, name: me(session.agent.name) }, ...others];
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
