/**
 * The console's root: language, the session's three phases (restoring a stored token, signed
 * out, signed in) and, once signed in, a small hash router with a top navigation:
 * `#/` the inbox, `#/dashboard` the KPIs, `#/admin/...` the settings (admins only).
 *
 * The inbox (`Console`) stays mounted on every page and is only hidden: its socket keeps the
 * agent connected, so a look at the dashboard never sends their chats back to the queue, and the
 * inbox is exactly as it was on return. The dashboard and settings are loaded on first visit.
 */
import type { ComponentType } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AgentLoginRequest, AgentSessionResponse } from '@parley/protocol';
import { ApiError, fetchMe, login, readToken, writeToken } from './api.ts';
import { Console } from './components/Console.tsx';
import { Login } from './components/Login.tsx';
import { toUiError, type UiError } from './errors.ts';
import { detectLanguage, LANGUAGE_NAMES, LANGUAGE_STORAGE_KEY, LANGUAGES, MESSAGES, type Language } from './i18n.ts';
import { I18nContext, useI18n, type I18n } from './i18n-context.ts';
import { readStored, writeStored } from './storage.ts';
import type { AdminPageProps } from './admin/AdminPage.tsx';
import { useNavText } from './admin/nav-i18n.ts';
import { parseRoute, routeHash, type Route } from './admin/route.ts';
import type { DashboardPageProps } from './dashboard/DashboardPage.tsx';

type Session =
  | { phase: 'restoring'; token: string }
  | { phase: 'signedOut'; notice: UiError | null }
  | { phase: 'signedIn'; token: string; session: AgentSessionResponse };

/** Renders the login page or the signed-in console, and restores a stored session on load. */
export function App() {
  const [lang, setLangState] = useState<Language>(() =>
    detectLanguage(readStored(LANGUAGE_STORAGE_KEY), globalThis.navigator?.language),
  );
  const [session, setSession] = useState<Session>(() => {
    const token = readToken();
    return token ? { phase: 'restoring', token } : { phase: 'signedOut', notice: null };
  });

  const i18n = useMemo<I18n>(
    () => ({
      lang,
      t: MESSAGES[lang],
      setLang(next) {
        writeStored(LANGUAGE_STORAGE_KEY, next);
        setLangState(next);
      },
    }),
    [lang],
  );

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  // Restore the stored session once, on load.
  useEffect(() => {
    if (session.phase !== 'restoring') return;
    const { token } = session;
    fetchMe(token).then(
      (restored) => setSession({ phase: 'signedIn', token, session: restored }),
      (err: unknown) => {
        if (err instanceof ApiError && err.unauthorized) {
          writeToken(null);
          setSession({ phase: 'signedOut', notice: null });
        } else {
          // The server is unreachable or failing: keep the token so a reload can restore it.
          setSession({ phase: 'signedOut', notice: err instanceof ApiError ? err.error : toUiError(null) });
        }
      },
    );
  }, [session]);

  const signIn = useCallback(async (credentials: AgentLoginRequest) => {
    const response = await login(credentials);
    writeToken(response.token);
    setSession({ phase: 'signedIn', token: response.token, session: response });
  }, []);

  const logOut = useCallback(() => {
    writeToken(null);
    setSession({ phase: 'signedOut', notice: null });
  }, []);

  const expire = useCallback(() => {
    writeToken(null);
    setSession({ phase: 'signedOut', notice: toUiError({ code: 'UNAUTHORIZED' }) });
  }, []);

  return (
    <I18nContext.Provider value={i18n}>
      {session.phase === 'restoring' && (
        <div class="splash" role="status">
          {i18n.t.restoring}
        </div>
      )}
      {session.phase === 'signedOut' && <Login onSubmit={signIn} notice={session.notice} />}
      {session.phase === 'signedIn' && (
        <Shell token={session.token} session={session.session} onLogout={logOut} onUnauthorized={expire} />
      )}
    </I18nContext.Provider>
  );
}

/** The current route, following the location hash. */
function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(globalThis.location?.hash ?? ''));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

interface ShellProps {
  token: string;
  session: AgentSessionResponse;
  onLogout(): void;
  onUnauthorized(): void;
}

function Shell({ token, session, onLogout, onUnauthorized }: ShellProps) {
  const nav = useNavText();
  const route = useHashRoute();
  const isAdmin = session.agent.role === 'admin';
  const pageRef = useRef<HTMLDivElement>(null);
  const firstPage = useRef(route.page);
  const navigated = useRef(false);
  if (route.page !== firstPage.current) navigated.current = true;

  // Once a page navigated to has rendered, focus its heading so screen readers announce where
  // they are (a page opened directly by its address keeps the browser's own focus).
  const focusTitle = useCallback(() => {
    if (navigated.current) pageRef.current?.querySelector<HTMLElement>('.app-page-title')?.focus();
  }, []);

  const links: { route: Route; label: string; testId: string; current: boolean }[] = [
    { route: { page: 'inbox' }, label: nav.inbox, testId: 'nav-inbox', current: route.page === 'inbox' },
    { route: { page: 'dashboard' }, label: nav.dashboard, testId: 'nav-dashboard', current: route.page === 'dashboard' },
  ];
  if (isAdmin) {
    links.push({
      route: { page: 'admin', section: route.page === 'admin' ? route.section : 'site' },
      label: nav.settings,
      testId: 'nav-settings',
      current: route.page === 'admin',
    });
  }

  return (
    <div class={`app-shell app-on-${route.page}`}>
      <nav class="app-nav" aria-label={nav.label}>
        <ul class="app-nav-links">
          {links.map((link) => (
            <li key={link.testId}>
              <a
                href={routeHash(link.route)}
                class={`app-nav-link${link.current ? ' current' : ''}`}
                aria-current={link.current ? 'page' : undefined}
                data-testid={link.testId}
              >
                {link.label}
              </a>
            </li>
          ))}
        </ul>
        {/* The inbox has its own top bar with these; the other pages get them here. */}
        {route.page !== 'inbox' && <NavEnd name={session.agent.name} email={session.agent.email} onLogout={onLogout} />}
      </nav>
      <div class="app-view" hidden={route.page !== 'inbox'}>
        <Console token={token} session={session} onLogout={onLogout} onUnauthorized={onUnauthorized} />
      </div>
      {route.page !== 'inbox' && (
        <div class="app-page-scroll" ref={pageRef}>
          {route.page === 'dashboard' && (
            <LazyPage<DashboardPageProps> load={loadDashboard} props={{ token, session, onUnauthorized }} onShown={focusTitle} />
          )}
          {route.page === 'admin' && (
            <LazyPage<AdminPageProps>
              load={loadAdmin}
              props={{ token, session, section: route.section, onUnauthorized }}
              onShown={focusTitle}
            />
          )}
        </div>
      )}
    </div>
  );
}

/** Name, language and log out, for the pages other than the inbox. */
function NavEnd({ name, email, onLogout }: { name: string; email: string; onLogout(): void }) {
  const { lang, t, setLang } = useI18n();
  return (
    <div class="app-nav-end">
      <span class="app-nav-name" title={email}>
        {name}
      </span>
      <select
        class="language-switcher"
        aria-label={t.language}
        data-testid="nav-language"
        value={lang}
        onChange={(e) => setLang(e.currentTarget.value as Language)}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
      <button type="button" class="button subtle" data-testid="nav-logout" onClick={onLogout}>
        {t.logout}
      </button>
    </div>
  );
}

// ---- pages loaded on first visit ---------------------------------------------------------------

type Loader<P> = () => Promise<ComponentType<P>>;

/** Caches a page module's promise, so it is fetched once; a failure is forgotten so a retry fetches again. */
function once<P>(load: Loader<P>): Loader<P> {
  let promise: Promise<ComponentType<P>> | null = null;
  return () => {
    promise ??= load().catch((err: unknown) => {
      promise = null;
      throw err;
    });
    return promise;
  };
}

const loadDashboard = once(() => import('./dashboard/DashboardPage.tsx').then((m) => m.DashboardPage));
const loadAdmin = once(() => import('./admin/AdminPage.tsx').then((m) => m.AdminPage));

function LazyPage<P extends object>({ load, props, onShown }: { load: Loader<P>; props: P; onShown(): void }) {
  const nav = useNavText();
  const [state, setState] = useState<{ Page: ComponentType<P> } | 'loading' | 'failed'>('loading');
  const loaded = typeof state === 'object';
  useEffect(() => {
    if (loaded) onShown();
    // Once per page shown, not on every render of it.
  }, [loaded]);
  useEffect(() => {
    let current = true;
    load().then(
      (Page) => current && setState({ Page }),
      () => current && setState('failed'),
    );
    return () => {
      current = false;
    };
  }, [load]);
  if (state === 'loading') {
    return (
      <p class="app-page-note" role="status">
        {nav.loading}
      </p>
    );
  }
  if (state === 'failed') {
    return (
      <div class="app-page-note" role="alert">
        <p>{nav.loadFailed}</p>
        <button type="button" class="button" onClick={() => location.reload()}>
          {nav.reload}
        </button>
      </div>
    );
  }
  const { Page } = state;
  return <Page {...props} />;
}
