/**
 * A static mock of the widget for the appearance page: the launcher and the open panel (site name,
 * greeting, a sample exchange, the composer) in the chosen colour and corner, with the widget's
 * readable-text rule. Purely visual; it updates with the form, before anything is saved.
 */
import type { Language } from '../i18n.ts';
import { accentColors } from './contrast.ts';
import { ADMIN_MESSAGES, useAdminText } from './i18n.ts';
import type { WidgetForm } from './validate.ts';

export interface WidgetPreviewProps {
  siteName: string;
  form: WidgetForm;
  /** The colour drawn when the typed one is not valid (the last valid one). */
  fallbackColor: string;
  /** The console's language, used when the widget follows the visitor's browser. */
  consoleLang: Language;
}

export function WidgetPreview({ siteName, form, fallbackColor, consoleLang }: WidgetPreviewProps) {
  const a = useAdminText();
  const accent = accentColors(form.color) ?? accentColors(fallbackColor) ?? accentColors('#2563eb')!;
  const lang: Language = form.language === 'auto' ? consoleLang : form.language;
  const sample = ADMIN_MESSAGES[lang].widget;
  const style = { '--wp-accent': accent.background, '--wp-on': accent.text } as Record<string, string>;
  return (
    <figure
      class={`adm-widget-preview ${form.position}`}
      data-testid="widget-preview"
      data-position={form.position}
      data-background={accent.background}
      data-text-color={accent.text}
      style={style}
    >
      <figcaption class="visually-hidden">{a.widget.previewTitle}</figcaption>
      <div class="wp-stage" aria-hidden="true" lang={lang}>
        <div class="wp-panel">
          <div class="wp-head" data-testid="widget-preview-header">
            <div class="wp-title">{siteName}</div>
            {form.greeting.trim() && <div class="wp-greeting">{form.greeting}</div>}
          </div>
          <div class="wp-body">
            <div class="wp-message agent">
              <span class="wp-author">{sample.previewAgent}</span>
              <span class="wp-bubble">{sample.previewSample}</span>
            </div>
            <div class="wp-message visitor">
              <span class="wp-bubble">{sample.previewVisitor}</span>
            </div>
          </div>
          <div class="wp-composer">
            <span class="wp-input">{sample.previewComposer}</span>
            <span class="wp-send">
              <svg viewBox="0 0 24 24" width="16" height="16">
                <path fill="currentColor" d="M3 20.5 21 12 3 3.5v6.6l12 1.9-12 1.9z" />
              </svg>
            </span>
          </div>
        </div>
        <div class="wp-launcher" title={a.widget.previewLauncher}>
          <svg viewBox="0 0 24 24" width="26" height="26">
            <path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z" />
          </svg>
        </div>
      </div>
      <p class="admin-hint wp-contrast" data-testid="widget-preview-contrast">
        {a.widget.contrast(accent.ratio.toFixed(1))}
        {accent.adjusted && ` — ${a.widget.colorAdjusted}`}
      </p>
    </figure>
  );
}
