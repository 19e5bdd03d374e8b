/** Canned responses: a list, and one editor (shortcut and text, with placeholder buttons). */
import { useRef, useState } from 'preact/hooks';
import { LIMITS, type CannedResponse } from '@parley/protocol';
import type { SectionProps } from './AdminPage.tsx';
import { adminApi } from './api.ts';
import { useAdminText } from './i18n.ts';
import { ConfirmButton, ErrorNote, Field, Flash, LoadNote, useAction, useEditorFocus, useFlash, useLoad } from './ui.tsx';
import { CANNED_PLACEHOLDERS, hasErrors, normalizeShortcut, validateCanned, type CannedForm } from './validate.ts';

const emptyForm = (): CannedForm => ({ id: null, shortcut: '', text: '' });

export function CannedPage({ site }: SectionProps) {
  const a = useAdminText();
  const { state, set, reload } = useLoad((token) => adminApi.listCanned(token, site.id), site.id);
  const [form, setForm] = useState<CannedForm>(emptyForm);
  const deletion = useAction();
  const [flash, setFlash] = useFlash();

  if (state.status !== 'ready') return <LoadNote state={state} onRetry={reload} />;
  const responses = [...state.data].sort((x, y) => x.shortcut.localeCompare(y.shortcut));

  function saved(response: CannedResponse) {
    set((list) => (list.some((r) => r.id === response.id) ? list.map((r) => (r.id === response.id ? response : r)) : [...list, response]));
    setForm(emptyForm());
    setFlash(a.common.saved);
  }

  async function remove(response: CannedResponse) {
    const done = await deletion.run((token) => adminApi.deleteCanned(token, site.id, response.id).then(() => true));
    if (!done) return;
    set((list) => list.filter((r) => r.id !== response.id));
    if (form.id === response.id) setForm(emptyForm());
    setFlash(a.common.deleted);
  }

  return (
    <section class="admin-section" aria-labelledby="canned-heading">
      <div class="adm-section-head">
        <h2 id="canned-heading">{a.canned.heading}</h2>
        <Flash message={flash} />
      </div>
      <p class="admin-text">{a.canned.intro}</p>
      <ErrorNote error={deletion.error} />
      {responses.length === 0 ? (
        <p class="admin-note">{a.canned.empty}</p>
      ) : (
        <ul class="adm-item-list">
          {responses.map((response) => (
            <li
              key={response.id}
              class={`adm-item${form.id === response.id ? ' editing' : ''}`}
              data-testid="canned-row"
              data-canned-id={response.id}
            >
              <div class="adm-item-main">
                <code class="adm-shortcut">/{response.shortcut}</code>
                <p class="adm-item-text">{response.text}</p>
              </div>
              <div class="adm-actions">
                <button
                  type="button"
                  class="button small"
                  data-testid="canned-edit"
                  onClick={() => setForm({ id: response.id, shortcut: response.shortcut, text: response.text })}
                >
                  {a.common.edit}
                </button>
                <ConfirmButton
                  label={a.common.delete}
                  question={a.canned.deleteConfirm(response.shortcut)}
                  confirmLabel={a.common.delete}
                  testId="canned-delete"
                  danger
                  onConfirm={() => remove(response)}
                />
              </div>
            </li>
          ))}
        </ul>
      )}
      <CannedEditor key={form.id ?? 'new'} siteId={site.id} initial={form} onSaved={saved} onCancel={() => setForm(emptyForm())} />
    </section>
  );
}

function CannedEditor({
  siteId,
  initial,
  onSaved,
  onCancel,
}: {
  siteId: string;
  initial: CannedForm;
  onSaved(response: CannedResponse): void;
  onCancel(): void;
}) {
  const a = useAdminText();
  const [form, setForm] = useState(initial);
  const [showErrors, setShowErrors] = useState(false);
  const { run, pending, error } = useAction();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const errors = validateCanned(form);
  const editing = form.id !== null;
  const formRef = useEditorFocus(editing);

  async function submit(event: Event) {
    event.preventDefault();
    setShowErrors(true);
    if (hasErrors(errors)) return;
    const body = { shortcut: normalizeShortcut(form.shortcut), text: form.text.trim() };
    const response = await run((token) =>
      form.id ? adminApi.updateCanned(token, siteId, form.id, body) : adminApi.createCanned(token, siteId, body),
    );
    if (response) onSaved(response);
  }

  /** Inserts a placeholder at the caret (or replaces the selection) and keeps the caret after it. */
  function insert(placeholder: string) {
    const area = textRef.current;
    const start = area?.selectionStart ?? form.text.length;
    const end = area?.selectionEnd ?? form.text.length;
    const text = form.text.slice(0, start) + placeholder + form.text.slice(end);
    setForm({ ...form, text });
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + placeholder.length, start + placeholder.length);
    });
  }

  return (
    <form ref={formRef} class="admin-card admin-form" data-testid="canned-form" onSubmit={submit} noValidate>
      <h3>{editing ? a.canned.editHeading(initial.shortcut) : a.canned.createHeading}</h3>
      <Field label={a.canned.shortcut} hint={a.canned.shortcutHint} error={showErrors ? errors.shortcut : undefined}>
        {({ id, describedBy, invalid }) => (
          <span class="adm-prefixed">
            <span aria-hidden="true">/</span>
            <input
              id={id}
              name="shortcut"
              maxLength={41}
              autocomplete="off"
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={form.shortcut}
              onInput={(e) => setForm({ ...form, shortcut: e.currentTarget.value })}
            />
          </span>
        )}
      </Field>
      <Field label={a.canned.text} hint={a.canned.placeholderHint} error={showErrors ? errors.text : undefined}>
        {({ id, describedBy, invalid }) => (
          <textarea
            ref={textRef}
            id={id}
            name="text"
            rows={4}
            maxLength={LIMITS.messageLength}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={form.text}
            onInput={(e) => setForm({ ...form, text: e.currentTarget.value })}
          />
        )}
      </Field>
      <div class="adm-row placeholders">
        <span class="admin-hint">{a.canned.placeholders}</span>
        {CANNED_PLACEHOLDERS.map((placeholder) => (
          <button key={placeholder} type="button" class="button small adm-chip" onClick={() => insert(placeholder)}>
            {placeholder}
          </button>
        ))}
      </div>
      <ErrorNote error={error} testId="canned-error" />
      <div class="adm-form-actions">
        <button type="submit" class="button primary" data-testid="canned-save" disabled={pending}>
          {pending ? a.common.saving : editing ? a.common.save : a.common.create}
        </button>
        {editing && (
          <button type="button" class="button" onClick={onCancel}>
            {a.common.cancel}
          </button>
        )}
      </div>
    </form>
  );
}
