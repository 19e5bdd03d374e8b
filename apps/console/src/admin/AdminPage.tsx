/**
 * Settings (role admin): a site picker, the settings pages as tabs, and the chosen page for the
 * chosen site. Everything goes through the admin API; other agents see a "not allowed" note.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AdminSite, AgentSessionResponse } from '@parley/protocol';
import { readStored, writeStored } from '../storage.ts';
import { adminApi } from './api.ts';
import { AgentsPage } from './AgentsPage.tsx';
import { ApiTokensPage } from './ApiTokensPage.tsx';
import { CannedPage } from './CannedPage.tsx';
import { ChannelsPage } from './ChannelsPage.tsx';
import { FaqPage } from './FaqPage.tsx';
import { useAdminText } from './i18n.ts';
import { ADMIN_SECTIONS, routeHash, type AdminSection } from './route.ts';
import { SitePage } from './SitePage.tsx';
import { TriggersPage } from './TriggersPage.tsx';
import { ErrorNote, LoadNote, RequestContext, useAction, useLoad } from './ui.tsx';
import { WebhooksPage } from './WebhooksPage.tsx';
import { WidgetPage } from './WidgetPage.tsx';
import './admin.css';

/** localStorage key of the site last chosen in the settings. */
const SITE_STORAGE_KEY = 'parley:admin-site';

export interface AdminPageProps {
  token: string;
  session: AgentSessionResponse;
  section: AdminSection;
  onUnauthorized(): void;
}

/** Props every settings page gets. */
export interface SectionProps {
  site: AdminSite;
  /** The current agent, so pages can tell "you" apart (an admin cannot deactivate themselves). */
  meId: string;
  onSiteChange(site: AdminSite): void;
}

export function AdminPage({ token, session, section, onUnauthorized }: AdminPageProps) {
  const a = useAdminText();
  const context = useMemo(() => ({ token, onUnauthorized }), [token, onUnauthorized]);
  if (session.agent.role !== 'admin') {
    return (
      <main class="app-page admin" data-testid="admin-page">
        <h1 class="app-page-title" tabIndex={-1}>
          {a.title}
        </h1>
        <p class="admin-denied" role="alert" data-testid="admin-not-allowed">
          {a.notAllowed}
        </p>
      </main>
    );
  }
  return (
    <RequestContext.Provider value={context}>
      <Settings section={section} meId={session.agent.id} />
    </RequestContext.Provider>
  );
}

function Settings({ section, meId }: { section: AdminSection; meId: string }) {
  const a = useAdminText();
  const { state, set, reload } = useLoad(adminApi.listSites, 'sites');
  const [siteId, setSiteId] = useState<string | null>(() => readStored(SITE_STORAGE_KEY));
  const sites = state.status === 'ready' ? state.data : [];
  const site = sites.find((s) => s.id === siteId) ?? sites[0] ?? null;

  function choose(id: string) {
    writeStored(SITE_STORAGE_KEY, id);
    setSiteId(id);
  }

  function replaceSite(updated: AdminSite) {
    set((list) => (list.some((s) => s.id === updated.id) ? list.map((s) => (s.id === updated.id ? updated : s)) : [...list, updated]));
  }

  return (
    <main class="app-page admin" data-testid="admin-page">
      <header class="app-page-header">
        <h1 class="app-page-title" tabIndex={-1}>
          {a.title}
        </h1>
        {state.status === 'ready' && (
          <SitePicker
            sites={sites}
            value={site?.id ?? ''}
            onChange={choose}
            onCreated={(created) => {
              replaceSite(created);
              choose(created.id);
            }}
          />
        )}
      </header>
      <LoadNote state={state} onRetry={reload} />
      {state.status === 'ready' && !site && <p class="admin-note">{a.sitePicker.none}</p>}
      {site && (
        <div class="admin-layout">
          <nav class="admin-tabs" aria-label={a.sectionsLabel}>
            {ADMIN_SECTIONS.map((value) => (
              <a
                key={value}
                href={routeHash({ page: 'admin', section: value })}
                class={`admin-tab${value === section ? ' selected' : ''}`}
                aria-current={value === section ? 'page' : undefined}
                data-testid={`admin-tab-${value}`}
              >
                {a.sections[value]}
              </a>
            ))}
          </nav>
          <div class="admin-content" key={`${site.id}:${section}`}>
            <SectionView section={section} site={site} meId={meId} onSiteChange={replaceSite} />
          </div>
        </div>
      )}
    </main>
  );
}

function SectionView({ section, ...props }: SectionProps & { section: AdminSection }) {
  switch (section) {
    case 'site':
      return <SitePage {...props} />;
    case 'channels':
      return <ChannelsPage {...props} />;
    case 'agents':
      return <AgentsPage {...props} />;
    case 'canned':
      return <CannedPage {...props} />;
    case 'faq':
      return <FaqPage {...props} />;
    case 'triggers':
      return <TriggersPage {...props} />;
    case 'widget':
      return <WidgetPage {...props} />;
    case 'api':
      return <ApiTokensPage {...props} />;
    case 'webhooks':
      return <WebhooksPage {...props} />;
  }
}

/** The site select, and a small form to create a site. */
function SitePicker({
  sites,
  value,
  onChange,
  onCreated,
}: {
  sites: AdminSite[];
  value: string;
  onChange(id: string): void;
  onCreated(site: AdminSite): void;
}) {
  const a = useAdminText();
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const { run, pending, error, setError } = useAction();
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (creating) inputRef.current?.focus();
  }, [creating]);

  async function create(event: Event) {
    event.preventDefault();
    if (!name.trim()) return;
    const site = await run((token) => adminApi.createSite(token, name.trim()));
    if (site) {
      onCreated(site);
      setCreating(false);
      setName('');
    }
  }

  return (
    <div class="adm-site-picker">
      {sites.length > 0 && (
        <label class="app-inline-field">
          <span>{a.sitePicker.label}</span>
          <select data-testid="admin-site-picker" value={value} onChange={(e) => onChange(e.currentTarget.value)}>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {creating ? (
        <form class="adm-site-create" onSubmit={create}>
          <input
            ref={inputRef}
            name="siteName"
            aria-label={a.sitePicker.newSiteName}
            placeholder={a.sitePicker.newSiteName}
            maxLength={80}
            required
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <button type="submit" class="button small primary" disabled={pending} data-testid="site-create-save">
            {pending ? a.sitePicker.creating : a.sitePicker.create}
          </button>
          <button
            type="button"
            class="button small"
            onClick={() => {
              setCreating(false);
              setError(null);
            }}
          >
            {a.common.cancel}
          </button>
          <ErrorNote error={error} />
        </form>
      ) : (
        <button type="button" class="button small" data-testid="site-create" onClick={() => setCreating(true)}>
          {a.sitePicker.newSite}
        </button>
      )}
    </div>
  );
}
