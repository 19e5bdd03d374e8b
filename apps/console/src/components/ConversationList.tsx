/**
 * The left column's inbox: a search box and channel / agent filters, then either the search
 * results (while searching) or the conversations grouped into Waiting, Mine, Active (others'),
 * Offline messages and Closed. Waiting ones can be claimed in place.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { AgentSite, Conversation } from '@parley/protocol';
import { errorText, type UiError } from '../errors.ts';
import { formatFullDate, formatRelativeTime, visitorLabel } from '../format.ts';
import { useI18n } from '../i18n-context.ts';
import { previewSystemName, systemText } from '../i18n.ts';
import { lastActivity, sectionOf, SECTIONS, type ClaimState, type SearchState, type Section, type VisitorTyping } from '../store.ts';
import { VerifiedBadge } from './VerifiedBadge.tsx';

/** What the agent narrowed the inbox to; '' means "any". */
export interface InboxFilters {
  query: string;
  channelId: string;
  agentId: string;
}

export const NO_FILTERS: InboxFilters = { query: '', channelId: '', agentId: '' };

/** An agent the inbox can be filtered by. */
export interface AgentOption {
  id: string;
  name: string;
}

export interface ConversationListProps {
  /** Every conversation the inbox holds (to tell "empty" from "filtered away"). */
  total: number;
  /** The inbox, grouped and filtered. */
  groups: Record<Section, Conversation[]>;
  /** The signed-in agent, to tell their own chats (Mine) from colleagues'. */
  agentId: string | null;
  unread: Record<string, true>;
  claims: Record<string, ClaimState>;
  /** Whether each visitor's identity is verified, by visitor id, where known. */
  verified: Record<string, boolean>;
  /** Visitors typing, by conversation id (already expired ones removed). */
  typing: Record<string, VisitorTyping>;
  /** The agent's sites, for the channel filter. */
  sites: AgentSite[];
  /** The agents of those sites, for the agent filter; the signed-in one first. */
  agents: AgentOption[];
  filters: InboxFilters;
  onFiltersChange(filters: InboxFilters): void;
  /** The search while the agent is searching, with its results in their freshest copies. */
  search: SearchState | null;
  results: Conversation[] | null;
  folded: Partial<Record<Section, boolean>>;
  onFold(section: Section, folded: boolean): void;
  openId: string | null;
  loaded: boolean;
  error: UiError | null;
  now: number;
  onOpen(conversationId: string): void;
  onClaim(conversationId: string): void;
}

/** Renders the filters and the list; each section can be folded away, and all start unfolded. */
export function ConversationList(props: ConversationListProps) {
  const { total, groups, search, results, folded, onFold, loaded, error } = props;
  const { t } = useI18n();
  const searching = search !== null && props.filters.query.trim() !== '';
  const filtered = props.filters.channelId !== '' || props.filters.agentId !== '';
  const shown = SECTIONS.reduce((sum, section) => sum + groups[section].length, 0);

  return (
    <>
      <Filters {...props} />
      <nav class="conversation-list" aria-label={t.list.heading} aria-busy={searching && search.pending}>
        {searching ? (
          <SearchResults {...props} search={search} results={results} />
        ) : (
          <>
            {error && (
              <p class="list-note error" role="alert">
                {errorText(error, t)}
              </p>
            )}
            {!loaded && !error && <p class="list-note">{t.list.loading}</p>}
            {loaded && total === 0 && <p class="list-note">{t.list.empty}</p>}
            {loaded && total > 0 && shown === 0 && filtered && <p class="list-note">{t.inbox.filters.none}</p>}
            {total > 0 &&
              SECTIONS.map((section) => {
                const items = groups[section];
                const isFolded = folded[section] === true;
                return (
                  <section key={section} class="list-section" data-section={section} data-testid={`section-${section}`}>
                    <h2>
                      <button
                        type="button"
                        class="section-toggle"
                        aria-expanded={!isFolded}
                        onClick={() => onFold(section, !isFolded)}
                      >
                        <span class="chevron" aria-hidden="true">
                          {isFolded ? '▸' : '▾'}
                        </span>
                        <span>{t.sections[section]}</span>
                        <span class={`count${section === 'waiting' && items.length > 0 ? ' attention' : ''}`}>
                          {items.length}
                        </span>
                      </button>
                    </h2>
                    {!isFolded && items.length > 0 && (
                      <ul>
                        {items.map((conversation) => (
                          <Row key={conversation.id} {...props} conversation={conversation} section={section} />
                        ))}
                      </ul>
                    )}
                  </section>
                );
              })}
          </>
        )}
      </nav>
    </>
  );
}

/** The search box and the two filters. Escape in the box clears the search. */
function Filters({ filters, onFiltersChange, sites, agents }: ConversationListProps) {
  const { t } = useI18n();
  const f = t.inbox;
  // A filter on a channel the agent no longer belongs to would hide everything for good.
  const channelId = sites.some((site) => site.channels.some((c) => c.id === filters.channelId)) ? filters.channelId : '';
  const agentId = agents.some((a) => a.id === filters.agentId) ? filters.agentId : '';
  const set = (patch: Partial<InboxFilters>) => onFiltersChange({ ...filters, ...patch });

  return (
    <div class="list-filter" role="search">
      <div class="search-field">
        <span class="search-icon" aria-hidden="true">
          ⌕
        </span>
        <input
          type="search"
          name="search"
          data-testid="search"
          aria-label={f.search.label}
          placeholder={f.search.placeholder}
          autocomplete="off"
          spellcheck={false}
          maxLength={200}
          value={filters.query}
          onInput={(event) => set({ query: event.currentTarget.value })}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && filters.query) {
              event.preventDefault();
              set({ query: '' });
            }
          }}
        />
        {filters.query && (
          <button
            type="button"
            class="search-clear"
            data-testid="search-clear"
            aria-label={f.search.clear}
            title={f.search.clear}
            onClick={() => set({ query: '' })}
          >
            ×
          </button>
        )}
      </div>
      <div class="filter-row">
        {/* The label keeps the former hook (`channel-filter`); the select is `filter-channel`. */}
        <label class="filter-field" data-testid="channel-filter">
          <span class="visually-hidden">{f.filters.channel}</span>
          <select
            name="channel-filter"
            data-testid="filter-channel"
            aria-label={f.filters.channel}
            value={channelId}
            onChange={(event) => set({ channelId: event.currentTarget.value })}
          >
            <option value="">{f.filters.allChannels}</option>
            {sites.length === 1
              ? sites[0]!.channels.map((channel) => (
                  <option key={channel.id} value={channel.id}>
                    {channel.name}
                  </option>
                ))
              : sites.map((site) => (
                  <optgroup key={site.id} label={site.name}>
                    {site.channels.map((channel) => (
                      <option key={channel.id} value={channel.id}>
                        {channel.name}
                      </option>
                    ))}
                  </optgroup>
                ))}
          </select>
        </label>
        <label class="filter-field">
          <span class="visually-hidden">{f.filters.agent}</span>
          <select
            name="agent-filter"
            data-testid="filter-agent"
            aria-label={f.filters.agent}
            value={agentId}
            onChange={(event) => set({ agentId: event.currentTarget.value })}
          >
            <option value="">{f.filters.allAgents}</option>
            {agents.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}

function SearchResults(props: ConversationListProps & { search: SearchState; results: Conversation[] | null }) {
  const { search, results, agentId } = props;
  const { t } = useI18n();
  return (
    <section class="list-section search-results" data-testid="search-results" data-pending={String(search.pending)}>
      <h2 class="results-heading" aria-live="polite">
        {results === null || (search.pending && results.length === 0)
          ? t.inbox.search.searching
          : t.inbox.search.results(results.length)}
        {search.pending && results !== null && results.length > 0 && <span class="results-pending">…</span>}
      </h2>
      {search.error && (
        <p class="list-note error" role="alert">
          {errorText(search.error, t)}
        </p>
      )}
      {results !== null && !search.pending && results.length === 0 && !search.error && (
        <p class="list-note">{t.inbox.search.empty}</p>
      )}
      {results !== null && results.length > 0 && (
        <ul>
          {results.map((conversation) => (
            <Row key={conversation.id} {...props} conversation={conversation} section={sectionOf(conversation, agentId)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Row(props: ConversationListProps & { conversation: Conversation; section: Section }) {
  const { conversation } = props;
  return (
    <ConversationRow
      conversation={conversation}
      section={props.section}
      unread={props.unread[conversation.id] === true}
      claim={props.claims[conversation.id]}
      verified={props.verified[conversation.visitorId]}
      typing={props.typing[conversation.id] !== undefined}
      selected={conversation.id === props.openId}
      now={props.now}
      onOpen={props.onOpen}
      onClaim={props.onClaim}
    />
  );
}

interface ConversationRowProps {
  conversation: Conversation;
  section: Section;
  unread: boolean;
  claim: ClaimState | undefined;
  /** Undefined while not known. */
  verified: boolean | undefined;
  /** The visitor is typing now. */
  typing: boolean;
  selected: boolean;
  now: number;
  onOpen(conversationId: string): void;
  onClaim(conversationId: string): void;
}

/**
 * One list entry: the item (a button that opens it) and, for waiting ones, a Claim button next
 * to it (not inside: a button cannot hold another). The open conversation's Claim button lives
 * in its header instead, so there is one per conversation on screen.
 */
function ConversationRow(props: ConversationRowProps) {
  const { conversation, section, unread, claim, verified, typing, selected, now, onOpen, onClaim } = props;
  const { t, lang } = useI18n();
  const item = useRef<HTMLButtonElement>(null);
  const activity = lastActivity(conversation);
  const last = conversation.lastMessage;
  const preview =
    last?.sender === 'system' ? systemText(lang, last.text, previewSystemName(last.text, conversation)) : last?.text;
  const claimable = conversation.status === 'waiting' && !selected;

  // Switching with the keyboard can land on a row scrolled out of sight: bring it into view.
  useEffect(() => {
    if (selected) item.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);

  return (
    <li>
      <div class={`conversation-row${claimable ? ' claimable' : ''}`}>
        <button
          ref={item}
          type="button"
          class={`conversation-item${selected ? ' selected' : ''}${unread ? ' unread' : ''}`}
          data-testid="conversation-item"
          data-status={conversation.status}
          data-section={section}
          data-conversation-id={conversation.id}
          data-channel-id={conversation.channelId}
          data-unread={String(unread)}
          aria-current={selected ? 'true' : undefined}
          onClick={() => onOpen(conversation.id)}
        >
          <span class="item-top">
            <span class="item-name">{visitorLabel(conversation.visitorName, conversation.visitorId, t)}</span>
            {verified !== undefined && <VerifiedBadge verified={verified} compact />}
            <time class="item-time" dateTime={activity} title={formatFullDate(activity, lang)}>
              {formatRelativeTime(activity, now, lang, t)}
            </time>
          </span>
          <span class="item-meta">
            <span class="item-channel">{conversation.channelName}</span>
            {section === 'active' && conversation.agentName && (
              <span class="item-agent">{t.list.withAgent(conversation.agentName)}</span>
            )}
            <span class={`status-badge ${conversation.status}`}>{t.status[conversation.status]}</span>
          </span>
          <span class="item-bottom">
            {typing ? (
              <span class="item-preview typing" data-testid="item-typing">
                {t.inbox.typing.label}
              </span>
            ) : (
              <span class={`item-preview${preview ? '' : ' empty'}`}>{preview ?? t.list.noMessages}</span>
            )}
            {unread && <span class="unread-dot" data-testid="unread-dot" aria-label={t.list.unread} role="img" />}
          </span>
        </button>
        {claimable && (
          <button
            type="button"
            class="button primary small claim-button"
            data-testid="claim"
            data-conversation-id={conversation.id}
            disabled={claim?.pending === true}
            onClick={() => onClaim(conversation.id)}
          >
            {claim?.pending ? t.list.claiming : t.list.claim}
          </button>
        )}
      </div>
      {claim?.error && !selected && (
        <p class="item-error" role="alert">
          {errorText(claim.error, t)}
        </p>
      )}
    </li>
  );
}
