/**
 * Proactive triggers (the widget settings' `triggers`): an ordered list editor, with a tester that
 * shows which trigger an address would fire. Saved together, as `widget.triggers`.
 */
import { useState } from 'preact/hooks';
import type { AdminSite, Trigger } from '@parley/protocol';
import type { SectionProps } from './AdminPage.tsx';
import { adminApi } from './api.ts';
import { fieldErrorText, useAdminText } from './i18n.ts';
import { ErrorNote, Flash, useAction, useFlash } from './ui.tsx';
import { ADMIN_LIMITS, hasErrors, patternMatches, toTriggers, validateTrigger, type TriggerForm } from './validate.ts';

const formsOf = (site: AdminSite): TriggerForm[] =>
  site.widget.triggers.map((t: Trigger) => ({ id: t.id, urlPattern: t.urlPattern, delaySeconds: String(t.delaySeconds), message: t.message }));

/** A trigger id: random, short, unique enough within one site's twenty. */
function newTriggerId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `t-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function TriggersPage({ site, onSiteChange }: SectionProps) {
  const a = useAdminText();
  const [forms, setForms] = useState<TriggerForm[]>(() => formsOf(site));
  const [showErrors, setShowErrors] = useState(false);
  const [tryUrl, setTryUrl] = useState('');
  const { run, pending, error } = useAction();
  const [flash, setFlash] = useFlash();
  const dirty = JSON.stringify(forms) !== JSON.stringify(formsOf(site));
  const anyError = forms.some((f) => hasErrors(validateTrigger(f)));
  const matchIndex = tryUrl.trim() ? forms.findIndex((f) => f.urlPattern && patternMatches(f.urlPattern, tryUrl.trim())) : -1;

  function update(index: number, patch: Partial<TriggerForm>) {
    setForms(forms.map((f, i) => (i === index ? { ...f, ...patch } : f)));
  }

  function move(index: number, by: -1 | 1) {
    const next = [...forms];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    setForms(next);
  }

  async function save(event: Event) {
    event.preventDefault();
    setShowErrors(true);
    const triggers = toTriggers(forms);
    if (!triggers) return;
    const updated = await run((token) => adminApi.updateSite(token, site.id, { widget: { triggers } }));
    if (updated) {
      onSiteChange(updated);
      setForms(formsOf(updated));
      setShowErrors(false);
      setFlash(a.common.saved);
    }
  }

  return (
    <section class="admin-section" aria-labelledby="triggers-heading">
      <h2 id="triggers-heading">{a.triggers.heading}</h2>
      <p class="admin-text">{a.triggers.intro}</p>
      <form class="admin-form" data-testid="triggers-form" onSubmit={save} noValidate>
        {forms.length === 0 && <p class="admin-note">{a.triggers.empty}</p>}
        <ol class="adm-trigger-list">
          {forms.map((form, index) => {
            const errors = showErrors ? validateTrigger(form) : {};
            const n = index + 1;
            return (
              <li
                key={form.id}
                class={`admin-card adm-trigger${index === matchIndex ? ' matched' : ''}`}
                data-testid="trigger-row"
                aria-label={a.triggers.rowLabel(n)}
              >
                <div class="adm-trigger-head">
                  <strong>{a.triggers.rowLabel(n)}</strong>
                  <span class="adm-actions">
                    <button type="button" class="button small subtle" disabled={index === 0} onClick={() => move(index, -1)}>
                      ↑ <span class="visually-hidden">{a.triggers.moveUp}</span>
                    </button>
                    <button
                      type="button"
                      class="button small subtle"
                      disabled={index === forms.length - 1}
                      onClick={() => move(index, 1)}
                    >
                      ↓ <span class="visually-hidden">{a.triggers.moveDown}</span>
                    </button>
                    <button
                      type="button"
                      class="button small"
                      data-testid="trigger-remove"
                      onClick={() => setForms(forms.filter((_, i) => i !== index))}
                    >
                      {a.triggers.remove}
                    </button>
                  </span>
                </div>
                <div class="adm-form-grid adm-trigger-grid">
                  <TriggerField
                    label={a.triggers.urlPattern}
                    name="urlPattern"
                    value={form.urlPattern}
                    placeholder={a.triggers.urlPlaceholder}
                    error={errors.urlPattern ? fieldErrorText(errors.urlPattern, a) : null}
                    maxLength={ADMIN_LIMITS.triggerPattern}
                    onInput={(value) => update(index, { urlPattern: value })}
                  />
                  <TriggerField
                    label={a.triggers.delaySeconds}
                    name="delaySeconds"
                    type="number"
                    value={form.delaySeconds}
                    error={errors.delaySeconds ? fieldErrorText(errors.delaySeconds, a) : null}
                    onInput={(value) => update(index, { delaySeconds: value })}
                  />
                </div>
                <TriggerField
                  label={a.triggers.message}
                  name="message"
                  multiline
                  value={form.message}
                  error={errors.message ? fieldErrorText(errors.message, a) : null}
                  maxLength={ADMIN_LIMITS.triggerMessage}
                  onInput={(value) => update(index, { message: value })}
                />
              </li>
            );
          })}
        </ol>
        <div class="adm-row">
          <button
            type="button"
            class="button"
            data-testid="trigger-add"
            disabled={forms.length >= ADMIN_LIMITS.triggers}
            onClick={() => setForms([...forms, { id: newTriggerId(), urlPattern: '', delaySeconds: '10', message: '' }])}
          >
            {a.triggers.add}
          </button>
          {forms.length >= ADMIN_LIMITS.triggers && <span class="admin-hint">{a.triggers.limit(ADMIN_LIMITS.triggers)}</span>}
        </div>

        <div class="admin-card adm-try-url">
          <label class="admin-field">
            <span>{a.triggers.tryUrl}</span>
            <input
              name="tryUrl"
              type="url"
              placeholder={a.triggers.tryPlaceholder}
              value={tryUrl}
              onInput={(e) => setTryUrl(e.currentTarget.value)}
            />
          </label>
          {tryUrl.trim() && (
            <p class="admin-hint" role="status" data-testid="trigger-match">
              {matchIndex >= 0 ? a.triggers.matches(matchIndex + 1) : a.triggers.noMatch}
            </p>
          )}
        </div>

        <ErrorNote error={error} testId="triggers-error" />
        {showErrors && anyError && <p class="admin-field-error">{a.common.fixErrors}</p>}
        <div class="adm-form-actions">
          <button type="submit" class="button primary" data-testid="triggers-save" disabled={pending}>
            {pending ? a.common.saving : a.common.save}
          </button>
          {dirty && <span class="admin-dirty">{a.common.unsaved}</span>}
          <Flash message={flash} />
        </div>
      </form>
    </section>
  );
}

function TriggerField({
  label,
  name,
  value,
  error,
  onInput,
  placeholder,
  type = 'text',
  multiline = false,
  maxLength,
}: {
  label: string;
  name: string;
  value: string;
  error: string | null;
  onInput(value: string): void;
  placeholder?: string;
  type?: 'text' | 'number';
  multiline?: boolean;
  maxLength?: number;
}) {
  return (
    <label class={`admin-field${error ? ' invalid' : ''}`}>
      <span>{label}</span>
      {multiline ? (
        <textarea
          name={name}
          rows={2}
          maxLength={maxLength}
          aria-invalid={Boolean(error)}
          value={value}
          onInput={(e) => onInput(e.currentTarget.value)}
        />
      ) : (
        <input
          name={name}
          type={type}
          min={type === 'number' ? 0 : undefined}
          max={type === 'number' ? ADMIN_LIMITS.triggerDelay : undefined}
          class={type === 'number' ? 'adm-narrow' : undefined}
          placeholder={placeholder}
          maxLength={maxLength}
          aria-invalid={Boolean(error)}
          value={value}
          onInput={(e) => onInput(e.currentTarget.value)}
        />
      )}
      {error && <span class="admin-field-error">{error}</span>}
    </label>
  );
}
