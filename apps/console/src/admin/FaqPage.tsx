/** FAQ articles: a list per language (ordered by position), and one editor. */
import { useState } from 'preact/hooks';
import type { AdminFaq } from '@parley/protocol';
import { useI18n } from '../i18n-context.ts';
import type { SectionProps } from './AdminPage.tsx';
import { adminApi } from './api.ts';
import { useAdminText } from './i18n.ts';
import { ConfirmButton, ErrorNote, Field, Flash, LoadNote, useAction, useEditorFocus, useFlash, useLoad } from './ui.tsx';
import { ADMIN_LIMITS, hasErrors, validateFaq, type FaqForm, type FaqLanguage } from './validate.ts';

const FAQ_LANGUAGES: readonly FaqLanguage[] = ['en', 'vi'];

/** A new article goes after the last one of its language. */
function nextPosition(articles: AdminFaq[], language: FaqLanguage): number {
  const positions = articles.filter((x) => x.language === language).map((x) => x.position);
  return positions.length ? Math.min(ADMIN_LIMITS.faqPosition, Math.max(...positions) + 1) : 0;
}

export function FaqPage({ site }: SectionProps) {
  const a = useAdminText();
  const { lang } = useI18n();
  const { state, set, reload } = useLoad((token) => adminApi.listFaq(token, site.id), site.id);
  const [language, setLanguage] = useState<FaqLanguage>(lang);
  const [form, setForm] = useState<FaqForm | null>(null);
  const deletion = useAction();
  const [flash, setFlash] = useFlash();

  if (state.status !== 'ready') return <LoadNote state={state} onRetry={reload} />;
  const articles = state.data;
  const shown = articles.filter((x) => x.language === language).sort((x, y) => x.position - y.position);
  const editorForm: FaqForm = form ?? { id: null, language, title: '', body: '', position: String(nextPosition(articles, language)) };

  function saved(article: AdminFaq) {
    set((list) => (list.some((x) => x.id === article.id) ? list.map((x) => (x.id === article.id ? article : x)) : [...list, article]));
    setLanguage(article.language);
    setForm(null);
    setFlash(a.common.saved);
  }

  async function remove(article: AdminFaq) {
    const done = await deletion.run((token) => adminApi.deleteFaq(token, site.id, article.id).then(() => true));
    if (!done) return;
    set((list) => list.filter((x) => x.id !== article.id));
    if (form?.id === article.id) setForm(null);
    setFlash(a.common.deleted);
  }

  return (
    <section class="admin-section" aria-labelledby="faq-heading">
      <div class="adm-section-head">
        <h2 id="faq-heading">{a.faq.heading}</h2>
        <Flash message={flash} />
      </div>
      <p class="admin-text">{a.faq.intro}</p>
      <div class="app-segmented" role="group" aria-label={a.faq.filter}>
        {FAQ_LANGUAGES.map((value) => (
          <button
            key={value}
            type="button"
            class={value === language ? 'selected' : undefined}
            aria-pressed={value === language}
            data-testid={`faq-language-${value}`}
            lang={value}
            onClick={() => setLanguage(value)}
          >
            {a.faq.languages[value]} <span class="count">{articles.filter((x) => x.language === value).length}</span>
          </button>
        ))}
      </div>
      <ErrorNote error={deletion.error} />
      {shown.length === 0 ? (
        <p class="admin-note">{a.faq.empty}</p>
      ) : (
        <ol class="adm-item-list" lang={language}>
          {shown.map((article) => (
            <li key={article.id} class={`adm-item${form?.id === article.id ? ' editing' : ''}`} data-testid="faq-row" data-faq-id={article.id}>
              <div class="adm-item-main">
                <strong class="adm-item-title">
                  <span class="adm-position">{article.position}</span> {article.title}
                </strong>
                <p class="adm-item-text">{article.body}</p>
              </div>
              <div class="adm-actions">
                <button
                  type="button"
                  class="button small"
                  data-testid="faq-edit"
                  onClick={() =>
                    setForm({
                      id: article.id,
                      language: article.language,
                      title: article.title,
                      body: article.body,
                      position: String(article.position),
                    })
                  }
                >
                  {a.common.edit}
                </button>
                <ConfirmButton
                  label={a.common.delete}
                  question={a.faq.deleteConfirm(article.title)}
                  confirmLabel={a.common.delete}
                  testId="faq-delete"
                  danger
                  onConfirm={() => remove(article)}
                />
              </div>
            </li>
          ))}
        </ol>
      )}
      <FaqEditor
        key={form?.id ?? `new-${language}`}
        siteId={site.id}
        initial={editorForm}
        onSaved={saved}
        onCancel={() => setForm(null)}
      />
    </section>
  );
}

function FaqEditor({
  siteId,
  initial,
  onSaved,
  onCancel,
}: {
  siteId: string;
  initial: FaqForm;
  onSaved(article: AdminFaq): void;
  onCancel(): void;
}) {
  const a = useAdminText();
  const [form, setForm] = useState(initial);
  const [showErrors, setShowErrors] = useState(false);
  const { run, pending, error } = useAction();
  const errors = validateFaq(form);
  const editing = form.id !== null;
  const formRef = useEditorFocus(editing);

  async function submit(event: Event) {
    event.preventDefault();
    setShowErrors(true);
    if (hasErrors(errors)) return;
    const body = { language: form.language, title: form.title.trim(), body: form.body.trim(), position: Number(form.position.trim()) };
    const article = await run((token) => (form.id ? adminApi.updateFaq(token, siteId, form.id, body) : adminApi.createFaq(token, siteId, body)));
    if (article) onSaved(article);
  }

  return (
    <form ref={formRef} class="admin-card admin-form" data-testid="faq-form" onSubmit={submit} noValidate>
      <h3>{editing ? a.faq.editHeading(initial.title) : a.faq.createHeading}</h3>
      <div class="adm-form-grid">
        <Field label={a.faq.language}>
          {({ id }) => (
            <select
              id={id}
              name="language"
              value={form.language}
              onChange={(e) => setForm({ ...form, language: e.currentTarget.value as FaqLanguage })}
            >
              {FAQ_LANGUAGES.map((value) => (
                <option key={value} value={value} lang={value}>
                  {a.faq.languages[value]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={a.faq.position} error={showErrors ? errors.position : undefined}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="position"
              type="number"
              inputMode="numeric"
              min={0}
              max={ADMIN_LIMITS.faqPosition}
              class="adm-narrow"
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={form.position}
              onInput={(e) => setForm({ ...form, position: e.currentTarget.value })}
            />
          )}
        </Field>
      </div>
      <Field label={a.faq.title} error={showErrors ? errors.title : undefined}>
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            name="title"
            lang={form.language}
            maxLength={ADMIN_LIMITS.faqTitle}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={form.title}
            onInput={(e) => setForm({ ...form, title: e.currentTarget.value })}
          />
        )}
      </Field>
      <Field label={a.faq.body} error={showErrors ? errors.body : undefined}>
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            name="body"
            rows={5}
            lang={form.language}
            maxLength={ADMIN_LIMITS.faqBody}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={form.body}
            onInput={(e) => setForm({ ...form, body: e.currentTarget.value })}
          />
        )}
      </Field>
      <ErrorNote error={error} testId="faq-error" />
      <div class="adm-form-actions">
        <button type="submit" class="button primary" data-testid="faq-save" disabled={pending}>
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
