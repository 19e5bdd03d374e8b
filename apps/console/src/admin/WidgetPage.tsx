/**
 * Widget appearance and behaviour: colour, corner, language, greeting, pre-chat fields, typing
 * preview and the survey questions, with a live preview beside the form.
 */
import { useState } from 'preact/hooks';
import type { AdminSite, PrechatField } from '@parley/protocol';
import { useI18n } from '../i18n-context.ts';
import type { SectionProps } from './AdminPage.tsx';
import { adminApi } from './api.ts';
import { useAdminText } from './i18n.ts';
import { ErrorNote, Field, Flash, useAction, useFlash } from './ui.tsx';
import { ADMIN_LIMITS, hasErrors, isHexColor, validateWidget, type WidgetForm } from './validate.ts';
import { WidgetPreview } from './WidgetPreview.tsx';

const PRECHAT: readonly PrechatField[] = ['hidden', 'optional', 'required'];

export function widgetFormOf(site: AdminSite): WidgetForm {
  const w = site.widget;
  return {
    color: w.color,
    position: w.position,
    language: w.language,
    greeting: w.greeting,
    prechatName: w.prechat.name,
    prechatEmail: w.prechat.email,
    typingPreview: w.typingPreview,
    surveyNps: w.survey.nps,
    surveyCes: w.survey.ces,
  };
}

export function WidgetPage({ site, onSiteChange }: SectionProps) {
  const a = useAdminText();
  const { lang } = useI18n();
  const [form, setForm] = useState(() => widgetFormOf(site));
  const [showErrors, setShowErrors] = useState(false);
  const { run, pending, error } = useAction();
  const [flash, setFlash] = useFlash();
  const [lastValidColor, setLastValidColor] = useState(site.widget.color);
  const errors = validateWidget(form);
  const dirty = JSON.stringify(form) !== JSON.stringify(widgetFormOf(site));
  const patch = (p: Partial<WidgetForm>) => setForm({ ...form, ...p });

  function setColor(color: string) {
    patch({ color });
    if (isHexColor(color)) setLastValidColor(color.trim());
  }

  async function save(event: Event) {
    event.preventDefault();
    setShowErrors(true);
    if (hasErrors(errors)) return;
    const updated = await run((token) =>
      adminApi.updateSite(token, site.id, {
        widget: {
          color: form.color.trim().toLowerCase(),
          position: form.position,
          language: form.language,
          greeting: form.greeting.trim(),
          prechat: { name: form.prechatName, email: form.prechatEmail },
          typingPreview: form.typingPreview,
          survey: { nps: form.surveyNps, ces: form.surveyCes },
        },
      }),
    );
    if (updated) {
      onSiteChange(updated);
      setForm(widgetFormOf(updated));
      setShowErrors(false);
      setFlash(a.common.saved);
    }
  }

  return (
    <section class="admin-section" aria-labelledby="widget-heading">
      <h2 id="widget-heading">{a.widget.heading}</h2>
      <div class="adm-widget-layout">
        <form class="admin-card admin-form" data-testid="widget-form" onSubmit={save} noValidate>
          <Field label={a.widget.color} error={showErrors || !isHexColor(form.color) ? errors.color : undefined}>
            {({ id, describedBy, invalid }) => (
              <span class="adm-color-field">
                <input
                  type="color"
                  name="colorPicker"
                  aria-label={a.widget.colorPicker}
                  value={isHexColor(form.color) ? form.color.trim().toLowerCase() : lastValidColor}
                  onInput={(e) => setColor(e.currentTarget.value)}
                />
                <input
                  id={id}
                  name="color"
                  class="adm-narrow adm-mono"
                  maxLength={7}
                  spellcheck={false}
                  autocomplete="off"
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  value={form.color}
                  onInput={(e) => setColor(e.currentTarget.value)}
                />
              </span>
            )}
          </Field>
          <div class="adm-form-grid">
            <Field label={a.widget.position}>
              {({ id }) => (
                <select
                  id={id}
                  name="position"
                  value={form.position}
                  onChange={(e) => patch({ position: e.currentTarget.value as WidgetForm['position'] })}
                >
                  {(['right', 'left'] as const).map((value) => (
                    <option key={value} value={value}>
                      {a.widget.positions[value]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={a.widget.language}>
              {({ id }) => (
                <select
                  id={id}
                  name="language"
                  value={form.language}
                  onChange={(e) => patch({ language: e.currentTarget.value as WidgetForm['language'] })}
                >
                  {(['auto', 'en', 'vi'] as const).map((value) => (
                    <option key={value} value={value}>
                      {a.widget.languages[value]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field label={a.widget.greeting} hint={a.widget.greetingHint} error={errors.greeting}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                name="greeting"
                maxLength={ADMIN_LIMITS.greeting}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                value={form.greeting}
                onInput={(e) => patch({ greeting: e.currentTarget.value })}
              />
            )}
          </Field>
          <fieldset class="admin-fieldset">
            <legend>{a.widget.prechat}</legend>
            <p class="admin-hint">{a.widget.prechatHint}</p>
            <div class="adm-form-grid">
              <Field label={a.widget.prechatName}>
                {({ id }) => (
                  <select
                    id={id}
                    name="prechatName"
                    value={form.prechatName}
                    onChange={(e) => patch({ prechatName: e.currentTarget.value as PrechatField })}
                  >
                    {PRECHAT.map((value) => (
                      <option key={value} value={value}>
                        {a.widget.prechatOptions[value]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={a.widget.prechatEmail}>
                {({ id }) => (
                  <select
                    id={id}
                    name="prechatEmail"
                    value={form.prechatEmail}
                    onChange={(e) => patch({ prechatEmail: e.currentTarget.value as PrechatField })}
                  >
                    {PRECHAT.map((value) => (
                      <option key={value} value={value}>
                        {a.widget.prechatOptions[value]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
          </fieldset>
          <fieldset class="admin-fieldset">
            <legend>{a.widget.typingPreview}</legend>
            <label class="adm-check">
              <input
                type="checkbox"
                name="typingPreview"
                checked={form.typingPreview}
                aria-describedby="typing-preview-note"
                onChange={(e) => patch({ typingPreview: e.currentTarget.checked })}
              />
              <span>{a.widget.typingPreviewLabel}</span>
            </label>
            <p class="admin-hint" id="typing-preview-note">
              {a.widget.typingPreviewNote}
            </p>
          </fieldset>
          <fieldset class="admin-fieldset">
            <legend>{a.widget.survey}</legend>
            <p class="admin-hint">{a.widget.surveyHint}</p>
            <label class="adm-check">
              <input type="checkbox" name="surveyNps" checked={form.surveyNps} onChange={(e) => patch({ surveyNps: e.currentTarget.checked })} />
              <span>{a.widget.surveyNps}</span>
            </label>
            <label class="adm-check">
              <input type="checkbox" name="surveyCes" checked={form.surveyCes} onChange={(e) => patch({ surveyCes: e.currentTarget.checked })} />
              <span>{a.widget.surveyCes}</span>
            </label>
          </fieldset>
          <ErrorNote error={error} testId="widget-error" />
          {showErrors && hasErrors(errors) && <p class="admin-field-error">{a.common.fixErrors}</p>}
          <div class="adm-form-actions">
            <button type="submit" class="button primary" data-testid="widget-save" disabled={pending}>
              {pending ? a.common.saving : a.common.save}
            </button>
            {dirty && <span class="admin-dirty">{a.common.unsaved}</span>}
            <Flash message={flash} />
          </div>
        </form>
        <div class="adm-preview-column">
          <h3>{a.widget.preview}</h3>
          <p class="admin-hint">{a.widget.previewHint}</p>
          <WidgetPreview siteName={site.name} form={form} fallbackColor={lastValidColor} consoleLang={lang} />
        </div>
      </div>
    </section>
  );
}
