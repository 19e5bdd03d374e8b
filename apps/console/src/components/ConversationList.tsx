/**
 * The left column's inbox: conversations grouped into Waiting, Mine, Active (others'), Offline
 * messages and Closed, optionally narrowed to one channel. Waiting ones can be claimed in place.
 */
import { useState } from 'preact/hooks';
import type { AgentSite, Conversation } from '@parley/protocol';
import { errorText, type UiError } from '../errors.ts';
import { formatFullDate, formatRelativeTime, visitorLabel } from '../format.ts';
import { useI18n } from '../i18n-context.ts';
import { previewSystemName, systemText } from '../i18n.ts';
import { groupConversations, lastActivity, SECTIONS, type ClaimState, type Section } from '../store.ts';
import { VerifiedBadge } from './VerifiedBadge.tsx';

export interface ConversationListProps {
  conversations: Record<string, Conversation>;
  /** The signed-in agent, to tell their own chats (Mine) from colleagues'. */
  agentId: string | null;
  unread: Record<string, true>;
  claims: Record<string, ClaimState>;
  /** Whether each visitor's identity is verified, by visitor id, where known. */
  verified: Record<string, boolean>;
  /** The agent's sites, for the channel filter. */
  sites: AgentSite[];
  openId: string | null;
  loaded: boolean;
  error: UiError | null;
  now: number;
  onOpen(conversationId: string): void;
  onClaim(conversationId: string): void;
}

/** Value of the channel filter meaning "every channel". */
const ALL = '';

/** Renders the filter and the sections; each section can be folded away, and all start unfolded. */
export function ConversationList(props: ConversationListProps) {
  const { conversations, agentId, unread, claims, verified, sites, openId, loaded, error, now, onOpen, onClaim } = props;
  const { t } = useI18n();
  const [folded, setFolded] = useState<Partial<Record<Section, boolean>>>({});
  const [channelId, setChannelId] = useState(ALL);
  const channelCount = sites.reduce((sum, site) => sum + site.channels.length, 0);
  // A filter on a channel the agent no longer belongs to would hide everything for good.
  const filter = sites.some((site) => site.channels.some((c) => c.id === channelId)) ? channelId : ALL;
  const groups = groupConversations(conversations, agentId, filter || null);
  const total = Object.keys(conversations).length;

  return (
    <>
      {channelCount > 1 && (
        <div class="list-filter">
          <select
            name="channel-filter"
            data-testid="channel-filter"
            aria-label={t.list.channelFilter}
            value={filter}
            onChange={(event) => setChannelId(event.currentTarget.value)}
          >
            <option value={ALL}>{t.list.allChannels}</option>
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
        </div>
      )}
      <nav class="conversation-list" aria-label={t.list.heading}>
        {error && (
          <p class="list-note error" role="alert">
            {errorText(error, t)}
          </p>
        )}
        {!loaded && !error && <p class="list-note">{t.list.loading}</p>}
        {loaded && total === 0 && <p class="list-note">{t.list.empty}</p>}
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
                    onClick={() => setFolded({ ...folded, [section]: !isFolded })}
                  >
                    <span class="chevron" aria-hidden="true">
                      {isFolded ? '▸' : '▾'}
                    </span>
                    <span>{t.sections[section]}</span>
                    <span class={`count${section === 'waiting' && items.length > 0 ? ' attention' : ''}`}>{items.length}</span>
                  </button>
                </h2>
                {!isFolded && items.length > 0 && (
                  <ul>
                    {items.map((conversation) => (
                      <ConversationRow
                        key={conversation.id}
                        conversation={conversation}
                        section={section}
                        unread={unread[conversation.id] === true}
                        claim={claims[conversation.id]}
                        verified={verified[conversation.visitorId]}
                        selected={conversation.id === openId}
                        now={now}
                        onOpen={onOpen}
                        onClaim={onClaim}
                      />
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
      </nav>
    </>
  );
}

interface ConversationRowProps {
  conversation: Conversation;
  section: Section;
  unread: boolean;
  claim: ClaimState | undefined;
  /** Undefined while not known. */
  verified: boolean | undefined;
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
function ConversationRow({ conversation, section, unread, claim, verified, selected, now, onOpen, onClaim }: ConversationRowProps) {
  const { t, lang } = useI18n();
  const activity = lastActivity(conversation);
  const last = conversation.lastMessage;
  const preview =
    last?.sender === 'system' ? systemText(lang, last.text, previewSystemName(last.text, conversation)) : last?.text;
  const claimable = conversation.status === 'waiting' && !selected;
  return (
    <li>
      <div class={`conversation-row${claimable ? ' claimable' : ''}`}>
        <button
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
            <span class={`item-preview${preview ? '' : ' empty'}`}>{preview ?? t.list.noMessages}</span>
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
