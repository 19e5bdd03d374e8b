/**
 * Requests from the settings and the dashboard: the context they run in (token, expiry), loading
 * and one-at-a-time actions with the server's error kept, and the error as an alert.
 */
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { clientError, errorText, type UiError } from '../errors.ts';
import { useI18n } from '../i18n-context.ts';

export interface RequestContextValue {
  token: string;
  /** The server stopped accepting the token: back to the login page. */
  onUnauthorized(): void;
}

export const RequestContext = createContext<RequestContextValue>({ token: '', onUnauthorized: () => {} });

export function useRequestContext(): RequestContextValue {
  return useContext(RequestContext);
}

/** Any thrown value as a UiError; an expired session also signs the agent out. */
function toError(err: unknown, onUnauthorized: () => void): UiError {
  if (err instanceof ApiError) {
    if (err.unauthorized) onUnauthorized();
    return err.error;
  }
  return clientError('NETWORK');
}

export type Loaded<T> = { status: 'loading' } | { status: 'error'; error: UiError } | { status: 'ready'; data: T };

/**
 * Loads data with the session token when `key` changes (a site id, a filter); `set` replaces it
 * after a save, `reload` asks again. Answers to an outdated key are dropped.
 */
export function useLoad<T>(load: (token: string) => Promise<T>, key: string) {
  const { token, onUnauthorized } = useRequestContext();
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    loadRef.current(token).then(
      (data) => current && setState({ status: 'ready', data }),
      (err: unknown) => current && setState({ status: 'error', error: toError(err, onUnauthorized) }),
    );
    return () => {
      current = false;
    };
  }, [key, token, attempt, onUnauthorized]);
  const set = useCallback((update: (data: T) => T) => {
    setState((s) => (s.status === 'ready' ? { status: 'ready', data: update(s.data) } : s));
  }, []);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, set, reload };
}

/**
 * Runs one request at a time (a save, a delete) and keeps its error. `run` resolves with the
 * result, or undefined when it failed (the error is then in `error`).
 */
export function useAction() {
  const { token, onUnauthorized } = useRequestContext();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const run = useCallback(
    async <T,>(request: (token: string) => Promise<T>): Promise<T | undefined> => {
      setPending(true);
      setError(null);
      try {
        return await request(token);
      } catch (err) {
        if (mounted.current) setError(toError(err, onUnauthorized));
        return undefined;
      } finally {
        if (mounted.current) setPending(false);
      }
    },
    [token, onUnauthorized],
  );
  return { run, pending, error, setError };
}

/** The server's message (or a translated network error), as an alert. */
export function ErrorNote({ error, testId = 'admin-error' }: { error: UiError | null; testId?: string }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p class="form-error" role="alert" data-testid={testId}>
      {errorText(error, t)}
    </p>
  );
}
