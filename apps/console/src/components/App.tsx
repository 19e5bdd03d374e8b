/**
 * The console's root: language, and the session's three phases (restoring a stored token,
 * signed out, signed in).
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { AgentLoginRequest, AgentSessionResponse } from '@parley/protocol';
import { ApiError, fetchMe, login, readToken, writeToken } from '../api.ts';
import { toUiError, type UiError } from '../errors.ts';
import { detectLanguage, LANGUAGE_STORAGE_KEY, MESSAGES, type Language } from '../i18n.ts';
import { I18nContext, type I18n } from '../i18n-context.ts';
import { readStored, writeStored } from '../storage.ts';
import { Console } from './Console.tsx';
import { Login } from './Login.tsx';

type Session =
  | { phase: 'restoring'; token: string }
  | { phase: 'signedOut'; notice: UiError | null }
  | { phase: 'signedIn'; token: string; session: AgentSessionResponse };

/** Renders the login page or the console, and restores a stored session on load. */
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
        <Console token={session.token} session={session.session} onLogout={logOut} onUnauthorized={expire} />
      )}
    </I18nContext.Provider>
  );
}
