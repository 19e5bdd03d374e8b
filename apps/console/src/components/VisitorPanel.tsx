/**
 * The visitor side panel, right of the conversation (below it on tablets and phones), collapsible:
 * who the visitor is, what the site told us about them, where they have been, their language and
 * local time, and their conversations. Everything the visitor or the site supplied (names,
 * attribute keys and values, page addresses and titles) is rendered as text, never as markup or
 * links. A past conversation opens in the main view, like any other.
 */
import { useState } from 'preact/hooks';
import type { Conversation, VisitorContext } from '@parley/protocol';
import { errorText, type UiError } from '../errors.ts';
import { displayText, formatFullDate, formatLocale, formatLocalTime, formatRelativeTime, shortUrl, visitorLabel } from '../format.ts';
import { useI18n } from '../i18n-context.ts';
import { previewSystemName, systemText } from '../i18n.ts';
import type { VisitorContextState } from '../store.ts';
import { useNow } from '../use-now.ts';
import { VerifiedBadge } from './VerifiedBadge.tsx';

export interface VisitorPanelProps {
  visitorId: string;
  /** The open conversation, left out of the history (it is the main view). */
  conversationId: string;
  context: VisitorContextState;
  /** Conversations as the inbox knows them (fresher than the panel's snapshot). */
  conversations: Record<string, Conversation>;
  collapsed: boolean;
  onToggle(): void;
  onRefresh(): void;
  onOpen(conversationId: string): void;
  /** Admins only: the visitor's data export and erasure (GDPR requests). */
  privacy?: {
    onExport(): Promise<UiError | null>;
    onErase(): Promise<UiError | null>;
  };
}

export function VisitorPanel(props: VisitorPanelProps) {
  const { visitorId, conversationId, context, conversations, collapsed, onToggle, onRefresh, onOpen, privacy } = props;
  const { t } = useI18n();
  const p = t.inbox.panel;
  const visitor = context.visitor?.id === visitorId ? context.visitor : null;
  const bodyId = 'visitor-panel-body';

  return (
    <aside
      class={`visitor-panel${collapsed ? ' collapsed' : ''}`}
      data-testid="visitor-panel"
      data-visitor-id={visitorId}
      data-collapsed={String(collapsed)}
      aria-label={p.heading}
      aria-busy={context.loading}
    >
      <div class="panel-bar">
        <button
          type="button"
          class="panel-toggle"
          data-testid="visitor-panel-toggle"
          aria-expanded={!collapsed}
          aria-controls={bodyId}
          title={collapsed ? p.show : p.hide}
          onClick={onToggle}
        >
          <span class="panel-toggle-icon" aria-hidden="true">
            {collapsed ? '‹' : '›'}
          </span>
          <span class="panel-toggle-label">{p.heading}</span>
        </button>
        {!collapsed && (
          <button
            type="button"
            class="button subtle small"
            title={p.refresh}
            aria-label={p.refresh}
            disabled={context.loading}
            onClick={onRefresh}
          >
            ↻
          </button>
        )}
      </div>
      <div class="panel-body" id={bodyId} hidden={collapsed}>
        {context.error && (
          <p class="panel-note error" role="alert">
            {errorText(context.error, t)}
          </p>
        )}
        {!visitor && !context.error && <p class="panel-note">{p.loading}</p>}
        {visitor && (
          <>
            <Identity visitor={visitor} />
            <Attributes attributes={visitor.attributes} />
            <Pages visitor={visitor} />
            <Locale visitor={visitor} />
            <History
              visitorId={visitorId}
              current={conversationId}
              history={context.conversations}
              conversations={conversations}
              onOpen={onOpen}
            />
            {privacy && <Privacy key={visitorId} {...privacy} />}
          </>
        )}
      </div>
    </aside>
  );
}

function Identity({ visitor }: { visitor: VisitorContext }) {
  const { t, lang } = useI18n();
  const p = t.inbox.panel;
  return (
    <section class="panel-section panel-identity">
      <div class="panel-name-row">
        <h3 class="panel-name">{visitorLabel(visitor.name, visitor.id, t)}</h3>
        <VerifiedBadge verified={visitor.verified} />
        {visitor.blocked && (
          <span class="blocked-badge" data-testid="visitor-blocked">
            {p.blocked}
          </span>
        )}
      </div>
      <dl class="panel-facts">
        <div>
          <dt>{p.email}</dt>
          <dd class={visitor.email ? 'selectable' : 'empty'} data-testid="visitor-panel-email">
            {visitor.email ?? p.noEmail}
          </dd>
        </div>
        {visitor.externalId && (
          <div>
            <dt>{p.userId}</dt>
            <dd class="selectable mono">{displayText(visitor.externalId)}</dd>
          </div>
        )}
        <div>
          <dt>{p.firstSeen}</dt>
          <dd>
            <time dateTime={visitor.createdAt}>{formatFullDate(visitor.createdAt, lang)}</time>
          </dd>
        </div>
      </dl>
    </section>
  );
}

function Attributes({ attributes }: { attributes: VisitorContext['attributes'] }) {
  const { t } = useI18n();
  const p = t.inbox.panel;
  const entries = Object.entries(attributes ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section class="panel-section">
      <h4>{p.attributes}</h4>
      {entries.length === 0 ? (
        <p class="panel-note" data-testid="visitor-attributes" data-count="0">
          {p.noAttributes}
        </p>
      ) : (
        <dl class="panel-facts attributes" data-testid="visitor-attributes" data-count={entries.length}>
          {entries.map(([key, value]) => (
            <div key={key} data-key={key}>
              <dt title={displayText(key)}>{displayText(key)}</dt>
              <dd class="selectable">{typeof value === 'boolean' ? (value ? p.yes : p.no) : displayText(String(value))}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function Pages({ visitor }: { visitor: VisitorContext }) {
  const { t, lang } = useI18n();
  const now = useNow(30_000);
  const p = t.inbox.panel;
  // Most recent first; each page is words, never a link (a `javascript:` address stays harmless text).
  const pages = [...(visitor.pages ?? [])].reverse();
  return (
    <section class="panel-section">
      <h4>{p.currentPage}</h4>
      {visitor.currentUrl ? (
        <p class="panel-url current" title={displayText(visitor.currentUrl)} data-testid="visitor-current-page">
          {shortUrl(visitor.currentUrl, 80)}
        </p>
      ) : (
        <p class="panel-note">{p.unknown}</p>
      )}
      <h4>{p.pages}</h4>
      {pages.length === 0 ? (
        <p class="panel-note" data-testid="visitor-pages" data-count="0">
          {p.noPages}
        </p>
      ) : (
        <ol class="panel-pages" data-testid="visitor-pages" data-count={pages.length}>
          {pages.map((page, i) => (
            <li key={`${page.at}-${i}`} title={displayText(page.url)}>
              {page.title && <span class="visited-title">{displayText(page.title)}</span>}
              <span class="panel-url">{shortUrl(page.url, 70)}</span>
              <time class="page-time" dateTime={page.at} title={formatFullDate(page.at, lang)}>
                {formatRelativeTime(page.at, now, lang, t)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Locale({ visitor }: { visitor: VisitorContext }) {
  const { t, lang } = useI18n();
  const now = useNow(30_000);
  const p = t.inbox.panel;
  const language = formatLocale(visitor.locale, lang);
  const localTime = formatLocalTime(visitor.timeZone, now, lang);
  return (
    <section class="panel-section">
      <dl class="panel-facts">
        <div>
          <dt>{p.language}</dt>
          <dd class={language ? undefined : 'empty'} data-testid="visitor-language">
            {language ?? p.unknown}
          </dd>
        </div>
        <div>
          <dt>{p.timeZone}</dt>
          <dd class={visitor.timeZone ? undefined : 'empty'} data-testid="visitor-timezone">
            {visitor.timeZone ? displayText(visitor.timeZone) : p.unknown}
          </dd>
        </div>
        {localTime && (
          <div>
            <dt>{p.localTime}</dt>
            <dd data-testid="visitor-local-time">{localTime}</dd>
          </div>
        )}
        <div>
          <dt>{p.lastSeen}</dt>
          <dd>
            <time dateTime={visitor.lastSeenAt} title={formatFullDate(visitor.lastSeenAt, lang)}>
              {formatRelativeTime(visitor.lastSeenAt, now, lang, t)}
            </time>
          </dd>
        </div>
      </dl>
    </section>
  );
}

/**
 * A data-subject request: download everything about the visitor, or erase them. Erasure cannot be
 * undone, so it asks first (and says what goes); the panel disappears once it is done.
 */
function Privacy({ onExport, onErase }: { onExport(): Promise<UiError | null>; onErase(): Promise<UiError | null> }) {
  const { t } = useI18n();
  const p = t.inbox.panel;
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const run = async (action: () => Promise<UiError | null>) => {
    setBusy(true);
    setError(null);
    const failed = await action();
    setBusy(false);
    setError(failed);
    return failed;
  };
  return (
    <section class="panel-section panel-privacy" data-testid="visitor-privacy">
      <h4>{p.privacy}</h4>
      <div class="panel-actions">
        <button type="button" class="button small" data-testid="visitor-export" disabled={busy} onClick={() => void run(onExport)}>
          {p.exportData}
        </button>
        {!asking && (
          <button type="button" class="button small danger-outline" data-testid="visitor-erase" disabled={busy} onClick={() => setAsking(true)}>
            {p.erase}
          </button>
        )}
      </div>
      {asking && (
        <div class="panel-confirm" role="alertdialog" aria-label={p.erase} data-testid="visitor-erase-confirm">
          <p>{p.eraseQuestion}</p>
          <div class="panel-actions">
            <button
              type="button"
              class="button small danger"
              data-testid="visitor-erase-yes"
              disabled={busy}
              onClick={async () => {
                if (!(await run(onErase))) setAsking(false);
              }}
            >
              {busy ? p.erasing : p.eraseConfirm}
            </button>
            <button type="button" class="button small subtle" disabled={busy} onClick={() => setAsking(false)}>
              {p.cancel}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p class="panel-note error" role="alert">
          {errorText(error, t)}
        </p>
      )}
    </section>
  );
}

interface HistoryProps {
  visitorId: string;
  current: string;
  history: Conversation[];
  conversations: Record<string, Conversation>;
  onOpen(conversationId: string): void;
}

function History({ current, history, conversations, onOpen }: HistoryProps) {
  const { t, lang } = useI18n();
  const p = t.inbox.panel;
  // The visitor's other conversations (the open one is the main view already), freshest copies.
  const items = history.filter((c) => c.id !== current).map((c) => conversations[c.id] ?? c);
  return (
    <section class="panel-section">
      <h4>
        {p.history} <span class="count">{items.length}</span>
      </h4>
      {items.length === 0 && <p class="panel-note">{p.noHistory}</p>}
      <ul class="panel-history" data-testid="visitor-history" data-count={items.length}>
        {items.map((c) => {
          const last = c.lastMessage;
          const preview = last?.sender === 'system' ? systemText(lang, last.text, previewSystemName(last.text, c)) : last?.text;
          return (
            <li key={c.id}>
              <button
                type="button"
                class="past-conversation"
                data-testid="past-conversation"
                data-conversation-id={c.id}
                data-status={c.status}
                onClick={() => onOpen(c.id)}
              >
                <span class="past-top">
                  <span class={`status-badge ${c.status}`}>{t.status[c.status]}</span>
                  <span class="past-channel">{c.channelName}</span>
                  <time dateTime={c.createdAt} title={formatFullDate(c.createdAt, lang)}>
                    {formatFullDate(c.createdAt, lang)}
                  </time>
                </span>
                <span class={`past-preview${preview ? '' : ' empty'}`}>{preview ?? p.noMessages}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
