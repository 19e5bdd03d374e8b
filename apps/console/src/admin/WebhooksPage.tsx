/**
 * Webhooks: a site's endpoints (URL, events, enabled), the signing secret shown once after create
 * or rotate, and per endpoint the delivery log with "redeliver" and "send test event". URLs,
 * errors and response snippets come from elsewhere: rendered as text only.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { WEBHOOK_EVENT_TYPES, type AdminWebhookEndpoint, type WebhookDelivery, type WebhookEventType } from '@parley/protocol';
import { useI18n } from '../i18n-context.ts';
import { formatFullDate } from '../format.ts';
import type { SectionProps } from './AdminPage.tsx';
import { webhooksApi } from './api.ts';
import { useAdminText } from './i18n.ts';
import { ConfirmButton, CopyButton, ErrorNote, Field, Flash, LoadNote, useAction, useEditorFocus, useFlash, useLoad } from './ui.tsx';

interface WebhookForm {
  id: string | null;
  url: string;
  description: string;
  events: WebhookEventType[];
  enabled: boolean;
}

const emptyForm = (): WebhookForm => ({ id: null, url: '', description: '', events: [...WEBHOOK_EVENT_TYPES], enabled: true });

export function WebhooksPage({ site }: SectionProps) {
  const a = useAdminText();
  const { state, set, reload } = useLoad((token) => webhooksApi.list(token, site.id), site.id);
  const [form, setForm] = useState<WebhookForm>(emptyForm);
  const [secret, setSecret] = useState<{ endpointId: string; value: string } | null>(null);
  const [logFor, setLogFor] = useState<string | null>(null);
  const action = useAction();
  const [flash, setFlash] = useFlash();

  if (state.status !== 'ready') return <LoadNote state={state} onRetry={reload} />;
  const endpoints = state.data;

  function saved(endpoint: AdminWebhookEndpoint, newSecret?: string) {
    set((list) => (list.some((e) => e.id === endpoint.id) ? list.map((e) => (e.id === endpoint.id ? endpoint : e)) : [...list, endpoint]));
    setForm(emptyForm());
    if (newSecret) setSecret({ endpointId: endpoint.id, value: newSecret });
    setFlash(a.common.saved);
  }

  async function rotate(endpoint: AdminWebhookEndpoint) {
    const result = await action.run((token) => webhooksApi.rotateSecret(token, site.id, endpoint.id));
    if (!result) return;
    const { secret: value, ...rest } = result;
    saved(rest, value);
  }

  async function remove(endpoint: AdminWebhookEndpoint) {
    const done = await action.run((token) => webhooksApi.remove(token, site.id, endpoint.id).then(() => true));
    if (!done) return;
    set((list) => list.filter((e) => e.id !== endpoint.id));
    if (form.id === endpoint.id) setForm(emptyForm());
    if (logFor === endpoint.id) setLogFor(null);
    setFlash(a.common.deleted);
  }

  return (
    <section class="admin-section" aria-labelledby="webhooks-heading">
      <div class="adm-section-head">
        <h2 id="webhooks-heading">{a.webhooks.heading}</h2>
        <Flash message={flash} />
      </div>
      <p class="admin-text">{a.webhooks.intro}</p>
      <ErrorNote error={action.error} />
      {secret && <SecretBox value={secret.value} onHide={() => setSecret(null)} />}
      {endpoints.length === 0 ? (
        <p class="admin-note">{a.webhooks.empty}</p>
      ) : (
        <ul class="adm-item-list">
          {endpoints.map((endpoint) => (
            <li key={endpoint.id} class={`adm-item adm-webhook${form.id === endpoint.id ? ' editing' : ''}`} data-testid="webhook-row">
              <div class="adm-item-main">
                <code class="adm-webhook-url" data-testid="webhook-url">
                  {endpoint.url}
                </code>
                {endpoint.description && <p class="adm-item-text">{endpoint.description}</p>}
                <p class="admin-hint">
                  {endpoint.enabled ? a.webhooks.enabled : a.webhooks.disabled} · {a.webhooks.secretHint(endpoint.secretHint)} ·{' '}
                  {endpoint.events.map((e) => a.webhooks.eventName(e)).join(', ')}
                </p>
              </div>
              <div class="adm-actions">
                <button type="button" class="button small" data-testid="webhook-log" aria-expanded={logFor === endpoint.id} onClick={() => setLogFor(logFor === endpoint.id ? null : endpoint.id)}>
                  {logFor === endpoint.id ? a.webhooks.hideLog : a.webhooks.log}
                </button>
                <button
                  type="button"
                  class="button small"
                  data-testid="webhook-edit"
                  onClick={() => setForm({ id: endpoint.id, url: endpoint.url, description: endpoint.description, events: endpoint.events, enabled: endpoint.enabled })}
                >
                  {a.common.edit}
                </button>
                <ConfirmButton label={a.webhooks.rotate} question={a.webhooks.rotateQuestion} testId="webhook-rotate" onConfirm={() => rotate(endpoint)} />
                <ConfirmButton label={a.common.delete} question={a.webhooks.deleteConfirm} confirmLabel={a.common.delete} testId="webhook-delete" danger onConfirm={() => remove(endpoint)} />
              </div>
              {logFor === endpoint.id && <DeliveryLog siteId={site.id} endpointId={endpoint.id} />}
            </li>
          ))}
        </ul>
      )}
      <WebhookEditor key={form.id ?? 'new'} siteId={site.id} initial={form} onSaved={saved} onCancel={() => setForm(emptyForm())} />
    </section>
  );
}

function SecretBox({ value, onHide }: { value: string; onHide(): void }) {
  const a = useAdminText();
  const ref = useRef<HTMLElement>(null);
  return (
    <div class="adm-secret-box" role="alert" data-testid="webhook-secret-box">
      <strong>{a.webhooks.secretHeading}</strong>
      <p class="admin-warning">{a.webhooks.secretWarning}</p>
      <code class="adm-secret" data-testid="webhook-secret" ref={ref}>
        {value}
      </code>
      <div class="adm-row">
        <CopyButton text={value} label={a.webhooks.copySecret} selectTarget={() => ref.current} />
        <button type="button" class="button small subtle" onClick={onHide}>
          {a.webhooks.hideSecret}
        </button>
      </div>
    </div>
  );
}

function WebhookEditor({
  siteId,
  initial,
  onSaved,
  onCancel,
}: {
  siteId: string;
  initial: WebhookForm;
  onSaved(endpoint: AdminWebhookEndpoint, secret?: string): void;
  onCancel(): void;
}) {
  const a = useAdminText();
  const [form, setForm] = useState(initial);
  const [showErrors, setShowErrors] = useState(false);
  const { run, pending, error } = useAction();
  const editing = form.id !== null;
  const formRef = useEditorFocus(editing);
  const urlError = /^https?:\/\/\S+$/i.test(form.url.trim()) ? null : a.webhooks.errors.url;
  const eventsError = form.events.length ? null : a.webhooks.errors.events;

  function toggle(type: WebhookEventType, on: boolean) {
    setForm({ ...form, events: on ? [...form.events, type] : form.events.filter((e) => e !== type) });
  }

  async function submit(event: Event) {
    event.preventDefault();
    setShowErrors(true);
    if (urlError || eventsError) return;
    const body = { url: form.url.trim(), description: form.description.trim(), events: WEBHOOK_EVENT_TYPES.filter((t) => form.events.includes(t)), enabled: form.enabled };
    if (form.id) {
      const id = form.id;
      const endpoint = await run((token) => webhooksApi.update(token, siteId, id, body));
      if (endpoint) onSaved(endpoint);
    } else {
      const created = await run((token) => webhooksApi.create(token, siteId, body));
      if (created) {
        const { secret, ...endpoint } = created;
        onSaved(endpoint, secret);
      }
    }
  }

  return (
    <form ref={formRef} class="admin-card admin-form" data-testid="webhook-form" onSubmit={submit} noValidate>
      <h3>{editing ? a.webhooks.editHeading : a.webhooks.createHeading}</h3>
      <Field label={a.webhooks.url} hint={a.webhooks.urlHint}>
        {({ id, describedBy }) => (
          <input
            id={id}
            name="url"
            type="url"
            maxLength={2000}
            autocomplete="off"
            placeholder="https://crm.example.com/parley"
            aria-describedby={describedBy}
            aria-invalid={showErrors && Boolean(urlError)}
            value={form.url}
            onInput={(e) => setForm({ ...form, url: e.currentTarget.value })}
          />
        )}
      </Field>
      {showErrors && urlError && <p class="admin-field-error">{urlError}</p>}
      <Field label={a.webhooks.description}>
        {({ id }) => <input id={id} name="description" maxLength={300} value={form.description} onInput={(e) => setForm({ ...form, description: e.currentTarget.value })} />}
      </Field>
      <fieldset class="admin-fieldset">
        <legend>{a.webhooks.events}</legend>
        <ul class="adm-checklist">
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <li key={type}>
              <label>
                <input type="checkbox" name="event" value={type} checked={form.events.includes(type)} onChange={(e) => toggle(type, e.currentTarget.checked)} />
                <span>{a.webhooks.eventName(type)}</span> <code class="admin-hint">{type}</code>
              </label>
            </li>
          ))}
        </ul>
        {showErrors && eventsError && <p class="admin-field-error">{eventsError}</p>}
      </fieldset>
      <label class="adm-row">
        <input type="checkbox" name="enabled" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.currentTarget.checked })} />
        <span>{a.webhooks.enabled}</span>
      </label>
      <ErrorNote error={error} testId="webhook-error" />
      <div class="adm-form-actions">
        <button type="submit" class="button primary" data-testid="webhook-save" disabled={pending}>
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

/** An endpoint's recent deliveries, refreshed every few seconds while open. */
function DeliveryLog({ siteId, endpointId }: { siteId: string; endpointId: string }) {
  const a = useAdminText();
  const { lang } = useI18n();
  const { state, reload } = useLoad((token) => webhooksApi.deliveries(token, siteId, endpointId), endpointId);
  const action = useAction();
  const [flash, setFlash] = useFlash();
  useEffect(() => {
    const timer = setInterval(reload, 5000);
    return () => clearInterval(timer);
  }, [reload]);

  async function queue(request: (token: string) => Promise<WebhookDelivery>, message: string) {
    if (await action.run(request)) {
      setFlash(message);
      reload();
      setTimeout(reload, 1500);
    }
  }

  const when = (iso: string | null) => (iso ? formatFullDate(iso, lang) : a.common.none);
  return (
    <div class="adm-webhook-log" data-testid="webhook-log-panel">
      <div class="adm-row">
        <button type="button" class="button small" data-testid="webhook-test" disabled={action.pending} onClick={() => void queue((t) => webhooksApi.sendTest(t, siteId, endpointId), a.webhooks.testQueued)}>
          {a.webhooks.sendTest}
        </button>
        <button type="button" class="button small subtle" onClick={reload}>
          {a.webhooks.refresh}
        </button>
        <Flash message={flash} />
      </div>
      <ErrorNote error={action.error} />
      {state.status !== 'ready' ? (
        <LoadNote state={state} onRetry={reload} />
      ) : state.data.length === 0 ? (
        <p class="admin-note">{a.webhooks.noDeliveries}</p>
      ) : (
        <div class="adm-table-scroll">
          <table class="admin-table adm-webhook-table">
            <thead>
              <tr>
                <th scope="col">{a.webhooks.columns.event}</th>
                <th scope="col">{a.webhooks.columns.status}</th>
                <th scope="col">{a.webhooks.columns.code}</th>
                <th scope="col">{a.webhooks.columns.attempts}</th>
                <th scope="col">{a.webhooks.columns.time}</th>
                <th scope="col">{a.webhooks.columns.next}</th>
                <th scope="col">{a.webhooks.columns.duration}</th>
                <th scope="col">{a.webhooks.columns.details}</th>
                <th scope="col">{a.common.actions}</th>
              </tr>
            </thead>
            <tbody>
              {state.data.map((d) => (
                <tr key={d.id} data-testid="webhook-delivery" data-status={d.status}>
                  <td>
                    <code>{d.eventType}</code>
                  </td>
                  <td class={`adm-delivery-${d.status}`}>{a.webhooks.statuses[d.status]}</td>
                  <td>{d.statusCode ?? a.common.none}</td>
                  <td>{d.attempts}</td>
                  <td>{when(d.lastAttemptAt)}</td>
                  <td>{when(d.nextAttemptAt)}</td>
                  <td>{d.durationMs === null ? a.common.none : `${d.durationMs} ms`}</td>
                  <td class="adm-delivery-details" data-testid="webhook-delivery-details">
                    {d.error && <div>{d.error}</div>}
                    {d.responseSnippet && <pre class="adm-snippet">{d.responseSnippet}</pre>}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="button small"
                      data-testid="webhook-redeliver"
                      disabled={action.pending}
                      onClick={() => void queue((t) => webhooksApi.redeliver(t, siteId, endpointId, d.id), a.webhooks.redelivered)}
                    >
                      {a.webhooks.redeliver}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
