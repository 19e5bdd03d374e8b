/** The sign-in page: email and password, with the server's error shown on failure. */
import { useState } from 'preact/hooks';
import { LIMITS, type AgentLoginRequest } from '@parley/protocol';
import { ApiError } from '../api.ts';
import { clientError, errorText, type UiError } from '../errors.ts';
import { useI18n } from '../i18n-context.ts';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';

export interface LoginProps {
  /** Signs in; rejects with an `ApiError` whose message is shown. */
  onSubmit(credentials: AgentLoginRequest): Promise<void>;
  /** Shown before any attempt, e.g. why the previous session ended. */
  notice: UiError | null;
}

/** Renders the login form. */
export function Login({ onSubmit, notice }: LoginProps) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<UiError | null>(notice);

  async function submit(event: Event) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await onSubmit({ email: email.trim(), password });
      // On success this page unmounts; nothing more to do.
    } catch (err) {
      setError(err instanceof ApiError ? err.error : clientError('NETWORK'));
      setPending(false);
    }
  }

  return (
    <main class="login">
      <form class="login-card" onSubmit={submit}>
        <div class="login-brand">
          <span class="brand-mark" aria-hidden="true">P</span>
          <h1>{t.login.heading}</h1>
        </div>
        <label class="field">
          <span>{t.login.email}</span>
          <input
            name="email"
            type="email"
            autocomplete="username"
            required
            maxLength={LIMITS.emailLength}
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>{t.login.password}</span>
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            maxLength={LIMITS.passwordMaxLength}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="form-error" role="alert" data-testid="login-error">
            {errorText(error, t)}
          </p>
        )}
        <button type="submit" class="button primary" disabled={pending}>
          {pending ? t.login.submitting : t.login.submit}
        </button>
        <div class="login-footer">
          <LanguageSwitcher />
        </div>
      </form>
    </main>
  );
}
