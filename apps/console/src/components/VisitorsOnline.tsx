/**
 * The "Visitors online" tab: per site, the visitors with the widget connected now, where they
 * are, and a way to talk to them: open their conversation, or start one (a proactive chat that
 * is assigned to the agent at once). Fetched when shown and refreshed every 15 s while visible.
 * Everything a visitor supplied (name, email, page address) is rendered as text, never as markup
 * or a link.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { LIMITS, type AgentSite, type AgentState, type InitiateConversation, type OnlineVisitor } from '@parley/protocol';
import { newClientId } from '../client-id.ts';
import { errorText, type UiError } from '../errors.ts';
import { displayText, formatFullDate, formatSeenAgo, shortUrl, visitorLabel } from '../format.ts';
import { useI18n } from '../i18n-context.ts';
import { atCapacity, EMPTY_ONLINE_VISITORS, type InitiateState, type OnlineVisitorList } from '../store.ts';
import type { ConsoleActions } from '../use-console.ts';
import { useNow } from '../use-now.ts';
import { VerifiedBadge } from './VerifiedBadge.tsx';

/** How often the lists are refreshed while the tab is shown. */
export const VISITORS_REFRESH_MS = 15_000;

export interface VisitorsOnlineProps {
  /** The agent's sites (with their channels, for the start-chat form). */
  sites: AgentSite[];
  lists: Record<string, OnlineVisitorList>;
  initiations: Record<string, InitiateState>;
  /** The agent's status and load: a hint when a new chat would be refused. */
  me: AgentState | null;
  /** Whether the socket is connected; requests wait for it. */
  connected: boolean;
  actions: Pick<ConsoleActions, 'loadOnlineVisitors' | 'initiate' | 'dismissInitiate' | 'open'>;
}

/** Rendered only while its tab is shown: mounting fetches, unmounting stops the refreshes. */
export function VisitorsOnline({ sites, lists, initiations, me, connected, actions }: VisitorsOnlineProps) {
  const { t } = useI18n();
  const now = useNow(5_000);
  // Which visitor's start-chat form is open: one at a time, so the column stays readable.
  const [formFor, setFormFor] = useState<string | null>(null);
  const siteIds = sites.map((s) => s.id).join(',');

  function refresh() {
    for (const site of sites) actions.loadOnlineVisitors(site.id);
  }
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;

  // Fetch now, then every 15 s while the tab is shown and the browser tab is visible; catch up
  // as soon as the browser tab comes back. Reconnecting counts as showing again.
  useEffect(() => {
    if (!connected) return;
    const visible = () => globalThis.document?.visibilityState !== 'hidden';
    refreshRef.current();
    const timer = setInterval(() => {
      if (visible()) refreshRef.current();
    }, VISITORS_REFRESH_MS);
    const onVisibility = () => {
      if (visible()) refreshRef.current();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [connected, siteIds]);

  const siteLists = sites.map((site) => ({ site, list: lists[site.id] ?? EMPTY_ONLINE_VISITORS }));
  const loading = siteLists.some(({ list }) => list.loading);
  const allLoaded = siteLists.every(({ list }) => list.loaded);
  const total = siteLists.reduce((sum, { list }) => sum + list.visitors.length, 0);

  function toggleForm(visitorId: string) {
    if (formFor === visitorId) {
      closeForm(visitorId);
    } else {
      if (formFor) actions.dismissInitiate(formFor);
      actions.dismissInitiate(visitorId); // an old attempt's error does not greet a new one
      setFormFor(visitorId);
    }
  }

  function closeForm(visitorId: string) {
    actions.dismissInitiate(visitorId);
    setFormFor((current) => (current === visitorId ? null : current));
  }

  return (
    <section class="visitors-online" data-testid="visitors-online" aria-label={t.visitors.heading} aria-busy={loading}>
      <div class="visitors-bar">
        <span class="visitors-total" data-testid="visitors-total" data-count={allLoaded ? total : undefined}>
          {allLoaded ? t.visitors.count(total) : t.visitors.loading}
        </span>
        <button
          type="button"
          class="button subtle small"
          data-testid="visitors-refresh"
          disabled={!connected || loading}
          onClick={refresh}
        >
          <span aria-hidden="true">↻</span>
          <span>{loading ? t.visitors.refreshing : t.visitors.refresh}</span>
        </button>
      </div>
      <div class="visitors-sites">
        {siteLists.map(({ site, list }) => (
          <SiteVisitors
            key={site.id}
            site={site}
            list={list}
            showName={sites.length > 1}
            initiations={initiations}
            me={me}
            now={now}
            formFor={formFor}
            onToggleForm={toggleForm}
            onCloseForm={closeForm}
            actions={actions}
          />
        ))}
      </div>
    </section>
  );
}

interface SiteVisitorsProps {
  site: AgentSite;
  list: OnlineVisitorList;
  /** Site headings only when the agent has several sites. */
  showName: boolean;
  initiations: Record<string, InitiateState>;
  me: AgentState | null;
  now: number;
  formFor: string | null;
  onToggleForm(visitorId: string): void;
  onCloseForm(visitorId: string): void;
  actions: VisitorsOnlineProps['actions'];
}

function SiteVisitors(props: SiteVisitorsProps) {
  const { site, list, showName, initiations, me, now, formFor, onToggleForm, onCloseForm, actions } = props;
  const { t } = useI18n();
  return (
    <section class="visitor-site" data-testid="visitor-site" data-site-id={site.id}>
      {showName && (
        <h3 class="visitor-site-name">
          <span>{site.name}</span>
          {list.loaded && <span class="count">{list.visitors.length}</span>}
        </h3>
      )}
      {list.error && (
        <p class="list-note error" role="alert" data-testid="visitors-error">
          {errorText(list.error, t)}
        </p>
      )}
      {!list.loaded && !list.error && <p class="list-note">{t.visitors.loading}</p>}
      {list.loaded && list.visitors.length === 0 && <p class="list-note">{t.visitors.empty}</p>}
      {list.visitors.length > 0 && (
        <ul class="visitor-rows">
          {list.visitors.map((visitor) => (
            <VisitorRow
              key={visitor.visitorId}
              visitor={visitor}
              site={site}
              initiation={initiations[visitor.visitorId]}
              me={me}
              now={now}
              formOpen={formFor === visitor.visitorId}
              onToggleForm={onToggleForm}
              onCloseForm={onCloseForm}
              actions={actions}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

interface VisitorRowProps {
  visitor: OnlineVisitor;
  site: AgentSite;
  initiation: InitiateState | undefined;
  me: AgentState | null;
  now: number;
  formOpen: boolean;
  onToggleForm(visitorId: string): void;
  onCloseForm(visitorId: string): void;
  actions: VisitorsOnlineProps['actions'];
}

function VisitorRow({ visitor, site, initiation, me, now, formOpen, onToggleForm, onCloseForm, actions }: VisitorRowProps) {
  const { t, lang } = useI18n();
  const name = visitorLabel(visitor.name, visitor.visitorId, t);
  const url = visitor.currentUrl ? displayText(visitor.currentUrl) : '';
  const { conversationId } = visitor;
  const formId = `initiate-${visitor.visitorId}`;
  return (
    <li
      class={`online-visitor${formOpen ? ' expanded' : ''}`}
      data-testid="online-visitor"
      data-visitor-id={visitor.visitorId}
      data-conversation-id={conversationId ?? undefined}
      data-verified={String(visitor.verified)}
    >
      <div class="online-visitor-top">
        <span class="item-name">{name}</span>
        <VerifiedBadge verified={visitor.verified} />
      </div>
      <div class={`online-visitor-email${visitor.email ? '' : ' empty'}`}>{visitor.email || t.visitors.noEmail}</div>
      <div
        class={`online-visitor-page${url ? '' : ' empty'}`}
        data-testid="online-visitor-page"
        title={url ? t.visitors.pageTitle(url) : undefined}
      >
        {url ? shortUrl(url) : t.visitors.noPage}
      </div>
      <div class="online-visitor-bottom">
        <time class="item-time" dateTime={visitor.lastSeenAt} title={formatFullDate(visitor.lastSeenAt, lang)}>
          {formatSeenAgo(visitor.lastSeenAt, now, t)}
        </time>
        {conversationId ? (
          <button
            type="button"
            class="button small"
            data-testid="open-visitor-conversation"
            data-conversation-id={conversationId}
            onClick={() => actions.open(conversationId)}
          >
            {t.visitors.openConversation}
          </button>
        ) : (
          <button
            type="button"
            class="button small"
            data-testid="start-chat"
            data-visitor-id={visitor.visitorId}
            aria-expanded={formOpen}
            aria-controls={formOpen ? formId : undefined}
            onClick={() => onToggleForm(visitor.visitorId)}
          >
            {t.visitors.startChat}
          </button>
        )}
      </div>
      {formOpen && !conversationId && (
        <InitiateForm
          id={formId}
          visitorId={visitor.visitorId}
          name={name}
          site={site}
          initiation={initiation}
          me={me}
          onSubmit={(payload) => actions.initiate(site.id, payload)}
          onCancel={() => onCloseForm(visitor.visitorId)}
        />
      )}
    </li>
  );
}

interface InitiateFormProps {
  id: string;
  visitorId: string;
  /** The visitor's display name, for the form's accessible label. */
  name: string;
  site: AgentSite;
  initiation: InitiateState | undefined;
  me: AgentState | null;
  onSubmit(payload: InitiateConversation): Promise<UiError | null>;
  onCancel(): void;
}

/**
 * Channel and first message of a proactive chat. The message's clientId is generated once per
 * attempt (the message as written) and reused if the agent sends the same message again after a
 * failure; editing the message or changing the channel makes it a new attempt.
 */
function InitiateForm({ id, visitorId, name, site, initiation, me, onSubmit, onCancel }: InitiateFormProps) {
  const { t } = useI18n();
  const [channelId, setChannelId] = useState(() => defaultChannel(site, me));
  const [text, setText] = useState('');
  const attempt = useRef<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const pending = initiation?.pending === true;
  const canSubmit = channelId !== '' && text.trim().length > 0 && !pending;
  const unavailable = me !== null && (me.status !== 'online' || atCapacity(me));

  useEffect(() => {
    if (globalThis.matchMedia?.('(pointer: fine)').matches) textarea.current?.focus();
  }, []);

  function submit(event?: Event) {
    event?.preventDefault();
    if (!canSubmit) return;
    attempt.current ??= newClientId();
    void onSubmit({ visitorId, channelId, text: text.trim(), clientId: attempt.current }).then((error) => {
      if (!error) onCancel(); // the row now offers "Open conversation", and the chat is open
    });
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.isComposing || event.keyCode === 229) return; // an input method is composing
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      submit();
    } else if (event.key === 'Escape' && !pending) {
      event.preventDefault();
      onCancel();
    }
  }

  return (
    <form
      id={id}
      class="initiate-form"
      data-testid="initiate-form"
      data-visitor-id={visitorId}
      aria-label={t.visitors.formLabel(name)}
      onSubmit={submit}
    >
      <label class="field">
        <span>{t.visitors.channel}</span>
        <select
          name="initiate-channel"
          required
          value={channelId}
          disabled={pending}
          onChange={(event) => {
            setChannelId(event.currentTarget.value);
            attempt.current = null;
          }}
        >
          {site.channels.map((channel) => (
            <option key={channel.id} value={channel.id}>
              {channel.name}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{t.visitors.message}</span>
        <textarea
          ref={textarea}
          name="initiate-text"
          required
          rows={3}
          maxLength={LIMITS.messageLength}
          placeholder={t.visitors.messagePlaceholder}
          value={text}
          disabled={pending}
          onInput={(event) => {
            setText(event.currentTarget.value);
            attempt.current = null;
          }}
          onKeyDown={onKeyDown}
        />
      </label>
      {unavailable && !initiation?.error && <p class="initiate-hint">{t.visitors.unavailable}</p>}
      {initiation?.error && (
        <p class="form-error" role="alert" data-testid="initiate-error">
          {errorText(initiation.error, t)}
        </p>
      )}
      <div class="dialog-actions">
        <button type="button" class="button subtle small" disabled={pending} onClick={onCancel}>
          {t.visitors.cancel}
        </button>
        <button type="submit" class="button primary small" data-testid="initiate-submit" disabled={!canSubmit}>
          {pending ? t.visitors.submitting : t.visitors.submit}
        </button>
      </div>
    </form>
  );
}

/** The first of the site's channels the agent belongs to, else the site's first channel. */
function defaultChannel(site: AgentSite, me: AgentState | null): string {
  const mine = me ? site.channels.find((c) => me.channelIds.includes(c.id)) : undefined;
  return (mine ?? site.channels[0])?.id ?? '';
}
