/**
 * The site: name, key and install snippet, allowed origins, the site-wide waiting cap, how long
 * closed conversations are kept (transcript retention), and the
 * identity secret for verified visitors (rotated on demand, shown once).
 */
import { useRef, useState } from 'preact/hooks';
import { LIMITS, type AdminSite } from '@parley/protocol';
import type { SectionProps } from './AdminPage.tsx';
import { adminApi } from './api.ts';
import { fieldErrorText, useAdminText } from './i18n.ts';
import { ConfirmButton, CopyButton, ErrorNote, Field, Flash, useAction, useFlash } from './ui.tsx';
import { addOrigin, hasErrors, validateSite, type FieldError, type SiteForm } from './validate.ts';

function formOf(site: AdminSite): SiteForm & { origins: string[] } {
  return {
    name: site.name,
    maxWaitingTotal: String(site.maxWaitingTotal),
    retentionDays: site.transcriptRetentionDays === null ? '' : String(site.transcriptRetentionDays),
    origins: [...site.allowedOrigins],
  };
}

export function SitePage({ site, onSiteChange }: SectionProps) {
  const a = useAdminText();
  const [form, setForm] = useState(() => formOf(site));
  const [originInput, setOriginInput] = useState('');
  const [originError, setOriginError] = useState<FieldError | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const { run, pending, error } = useAction();
  const [flash, setFlash] = useFlash();
  const snippetRef = useRef<HTMLPreElement>(null);
  const errors = validateSite(form);
  const saved = formOf(site);
  const dirty =
    form.name !== saved.name ||
    form.maxWaitingTotal !== saved.maxWaitingTotal ||
    form.retentionDays.trim() !== saved.retentionDays ||
    form.origins.join('\n') !== saved.origins.join('\n');

  function add() {
    const result = addOrigin(form.origins, originInput);
    if (!result.ok) {
      setOriginError(result.error);
      return;
    }
    setForm({ ...form, origins: result.list });
    setOriginInput('');
    setOriginError(null);
  }

  async function save(event: Event) {
    event.preventDefault();
    setShowErrors(true);
    if (hasErrors(errors)) return;
    const updated = await run((token) =>
      adminApi.updateSite(token, site.id, {
        name: form.name.trim(),
        maxWaitingTotal: Number(form.maxWaitingTotal.trim()),
        transcriptRetentionDays: form.retentionDays.trim() === '' ? null : Number(form.retentionDays.trim()),
        allowedOrigins: form.origins,
      }),
    );
    if (updated) {
      onSiteChange(updated);
      setForm(formOf(updated));
      setShowErrors(false);
      setFlash(a.common.saved);
    }
  }

  return (
    <section class="admin-section" aria-labelledby="site-heading">
      <h2 id="site-heading">{a.site.heading}</h2>

      <div class="admin-card">
        <div class="admin-field">
          <span class="admin-label">{a.site.siteKey}</span>
          <code class="adm-site-key" data-testid="site-key">
            {site.siteKey}
          </code>
          <p class="admin-hint">{a.site.siteKeyHint}</p>
        </div>
        <div class="admin-field">
          <span class="admin-label" id="snippet-label">
            {a.site.snippet}
          </span>
          <pre class="adm-snippet" data-testid="snippet" aria-labelledby="snippet-label" ref={snippetRef}>
            {site.snippet}
          </pre>
          <div class="adm-row">
            <CopyButton text={site.snippet} label={a.site.copySnippet} testId="copy-snippet" selectTarget={() => snippetRef.current} />
          </div>
          <p class="admin-hint">{a.site.snippetHint}</p>
        </div>
      </div>

      <form class="admin-card admin-form" data-testid="site-form" onSubmit={save} noValidate>
        <Field label={a.site.name} error={showErrors ? errors.name : undefined}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="name"
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={form.name}
              onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field label={a.site.maxWaitingTotal} hint={a.site.maxWaitingTotalHint} error={showErrors ? errors.maxWaitingTotal : undefined}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="maxWaitingTotal"
              type="number"
              inputMode="numeric"
              min={0}
              max={1000}
              class="adm-narrow"
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={form.maxWaitingTotal}
              onInput={(e) => setForm({ ...form, maxWaitingTotal: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field label={a.site.retention} hint={a.site.retentionHint} error={showErrors ? errors.retentionDays : undefined}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="transcriptRetentionDays"
              type="number"
              inputMode="numeric"
              min={1}
              max={LIMITS.retentionDaysMax}
              class="adm-narrow"
              placeholder={a.site.retentionForever}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={form.retentionDays}
              onInput={(e) => setForm({ ...form, retentionDays: e.currentTarget.value })}
            />
          )}
        </Field>

        <fieldset class="admin-fieldset">
          <legend>{a.site.origins}</legend>
          <p class="admin-hint">{a.site.originsHint}</p>
          {form.origins.length === 0 ? (
            <p class="admin-note inline">{a.site.anyOrigin}</p>
          ) : (
            <ul class="adm-origin-list" data-testid="origin-list">
              {form.origins.map((origin) => (
                <li key={origin} data-testid="origin">
                  <code>{origin}</code>
                  <button
                    type="button"
                    class="button small subtle"
                    aria-label={a.site.removeOrigin(origin)}
                    onClick={() => setForm({ ...form, origins: form.origins.filter((o) => o !== origin) })}
                  >
                    {a.common.remove}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div class="adm-row">
            <input
              name="origin"
              aria-label={a.site.addOrigin}
              aria-invalid={originError !== null}
              aria-describedby={originError ? 'origin-error' : undefined}
              placeholder={a.site.originPlaceholder}
              value={originInput}
              onInput={(e) => {
                setOriginInput(e.currentTarget.value);
                setOriginError(null);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  add();
                }
              }}
            />
            <button type="button" class="button small" data-testid="origin-add" onClick={add}>
              {a.site.addOrigin}
            </button>
          </div>
          {originError && (
            <p class="admin-field-error" id="origin-error" role="alert">
              {fieldErrorText(originError, a)}
            </p>
          )}
        </fieldset>

        <ErrorNote error={error} />
        {showErrors && hasErrors(errors) && <p class="admin-field-error">{a.common.fixErrors}</p>}
        <div class="adm-form-actions">
          <button type="submit" class="button primary" data-testid="site-save" disabled={pending}>
            {pending ? a.common.saving : a.common.save}
          </button>
          {dirty && <span class="admin-dirty">{a.common.unsaved}</span>}
          <Flash message={flash} />
        </div>
      </form>

      <IdentitySecret siteId={site.id} />
    </section>
  );
}

function IdentitySecret({ siteId }: { siteId: string }) {
  const a = useAdminText();
  const [secret, setSecret] = useState<string | null>(null);
  const { run, error } = useAction();
  const secretRef = useRef<HTMLElement>(null);
  return (
    <div class="admin-card" aria-labelledby="identity-heading" role="group">
      <h3 id="identity-heading">{a.site.identityHeading}</h3>
      <p class="admin-text">{a.site.identityExplain}</p>
      {secret ? (
        <div class="adm-secret-box" role="alert" data-testid="identity-secret-box">
          <strong>{a.site.secretHeading}</strong>
          <p class="admin-warning">{a.site.secretWarning}</p>
          <code class="adm-secret" data-testid="identity-secret" ref={secretRef}>
            {secret}
          </code>
          <div class="adm-row">
            <CopyButton text={secret} label={a.site.copySecret} testId="copy-secret" selectTarget={() => secretRef.current} />
            <button type="button" class="button small subtle" onClick={() => setSecret(null)}>
              {a.site.hideSecret}
            </button>
          </div>
        </div>
      ) : (
        <>
          <p class="admin-hint">{a.site.rotateWarning}</p>
          <div class="adm-row">
            <ConfirmButton
              label={a.site.rotate}
              question={a.site.rotateQuestion}
              confirmLabel={a.site.rotateConfirm}
              testId="rotate-secret"
              danger
              onConfirm={async () => {
                const value = await run((token) => adminApi.rotateSecret(token, siteId));
                if (value) setSecret(value);
              }}
            />
          </div>
        </>
      )}
      <ErrorNote error={error} />
    </div>
  );
}
