/**
 * REST API tokens of the site: the list (name, scopes, created, last used, revoked), a form to
 * create one (the token is shown once, to copy), and revoking. Links to the API docs.
 */
import { useRef, useState } from 'preact/hooks';
import { API, type ApiScope, type ApiToken, type CreatedApiToken } from '@parley/protocol';
import { formatFullDate } from '../format.ts';
import { useI18n } from '../i18n-context.ts';
import type { SectionProps } from './AdminPage.tsx';
import { adminApi } from './api.ts';
import { useAdminText } from './i18n.ts';
import { ConfirmButton, CopyButton, ErrorNote, Field, Flash, LoadNote, useAction, useFlash, useLoad } from './ui.tsx';

export function ApiTokensPage({ site }: SectionProps) {
  const a = useAdminText();
  const { lang } = useI18n();
  const { state, set, reload } = useLoad((token) => adminApi.listApiTokens(token, site.id), site.id);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const revocation = useAction();
  const [flash, setFlash] = useFlash();
  const tokenRef = useRef<HTMLElement>(null);

  if (state.status !== 'ready') return <LoadNote state={state} onRetry={reload} />;
  const replace = (token: ApiToken) => set((list) => [token, ...list.filter((t) => t.id !== token.id)]);

  async function revoke(token: ApiToken) {
    const revoked = await revocation.run((t) => adminApi.revokeApiToken(t, site.id, token.id));
    if (!revoked) return;
    set((list) => list.map((t) => (t.id === revoked.id ? revoked : t)));
    setFlash(a.apiTokens.revoked);
  }

  return (
    <section class="admin-section" aria-labelledby="api-heading">
      <div class="adm-section-head">
        <h2 id="api-heading">{a.apiTokens.heading}</h2>
        <Flash message={flash} />
      </div>
      <p class="admin-text">
        {a.apiTokens.intro}{' '}
        <a href={API.docs} target="_blank" rel="noopener" data-testid="api-docs-link">
          {a.apiTokens.docs}
        </a>
      </p>
      {created && (
        <div class="adm-secret-box" role="alert" data-testid="api-token-box">
          <strong>{a.apiTokens.createdHeading(created.name)}</strong>
          <p class="admin-warning">{a.apiTokens.shownOnce}</p>
          <code class="adm-secret" data-testid="api-token" ref={tokenRef}>
            {created.token}
          </code>
          <div class="adm-row">
            <CopyButton text={created.token} label={a.common.copy} testId="copy-api-token" selectTarget={() => tokenRef.current} />
            <button type="button" class="button small subtle" onClick={() => setCreated(null)}>
              {a.apiTokens.hide}
            </button>
          </div>
        </div>
      )}
      <ErrorNote error={revocation.error} />
      {state.data.length === 0 ? (
        <p class="admin-note">{a.apiTokens.empty}</p>
      ) : (
        <ul class="adm-item-list">
          {state.data.map((token) => (
            <li key={token.id} class={`adm-item${token.revokedAt ? ' inactive' : ''}`} data-testid="api-token-row" data-token-id={token.id}>
              <div class="adm-item-main">
                <strong>{token.name}</strong> <code class="adm-shortcut">{token.prefix}…</code>
                <p class="adm-item-text">
                  {token.scopes.map((s) => a.apiTokens.scopes[s]).join(', ')} · {a.apiTokens.createdAt(formatFullDate(token.createdAt, lang))} ·{' '}
                  {token.lastUsedAt ? a.apiTokens.lastUsed(formatFullDate(token.lastUsedAt, lang)) : a.apiTokens.neverUsed}
                  {token.revokedAt && (
                    <>
                      {' · '}
                      <span data-testid="api-token-revoked">{a.apiTokens.revokedAt(formatFullDate(token.revokedAt, lang))}</span>
                    </>
                  )}
                </p>
              </div>
              {!token.revokedAt && (
                <div class="adm-actions">
                  <ConfirmButton
                    label={a.apiTokens.revoke}
                    question={a.apiTokens.revokeConfirm(token.name)}
                    confirmLabel={a.apiTokens.revoke}
                    testId="api-token-revoke"
                    danger
                    onConfirm={() => revoke(token)}
                  />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <CreateToken
        siteId={site.id}
        onCreated={(token) => {
          const { token: _secret, ...listed } = token;
          replace(listed);
          setCreated(token);
        }}
      />
    </section>
  );
}

function CreateToken({ siteId, onCreated }: { siteId: string; onCreated(token: CreatedApiToken): void }) {
  const a = useAdminText();
  const [name, setName] = useState('');
  const [write, setWrite] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const { run, pending, error } = useAction();
  const nameError = name.trim() ? undefined : { code: 'required' as const };

  async function submit(event: Event) {
    event.preventDefault();
    setShowErrors(true);
    if (nameError) return;
    const scopes: ApiScope[] = write ? ['read', 'write'] : ['read'];
    const token = await run((t) => adminApi.createApiToken(t, siteId, { name: name.trim(), scopes }));
    if (!token) return;
    onCreated(token);
    setName('');
    setWrite(false);
    setShowErrors(false);
  }

  return (
    <form class="admin-card admin-form" data-testid="api-token-form" onSubmit={submit} noValidate>
      <h3>{a.apiTokens.createHeading}</h3>
      <Field label={a.apiTokens.name} hint={a.apiTokens.nameHint} error={showErrors ? nameError : undefined}>
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            name="tokenName"
            maxLength={80}
            autocomplete="off"
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        )}
      </Field>
      <label class="adm-check">
        <input type="checkbox" name="write" checked={write} onChange={(e) => setWrite(e.currentTarget.checked)} data-testid="api-token-write" />
        <span>{a.apiTokens.writeScope}</span>
      </label>
      <ErrorNote error={error} testId="api-token-error" />
      <div class="adm-form-actions">
        <button type="submit" class="button primary" data-testid="api-token-create" disabled={pending}>
          {pending ? a.common.saving : a.apiTokens.create}
        </button>
      </div>
    </form>
  );
}
