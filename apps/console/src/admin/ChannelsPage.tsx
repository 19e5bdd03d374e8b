/**
 * Channels: a table, and one form to create or edit (name, routing, waiting cap against the
 * standard of 2, overflow channel, members). Deleting asks first; the server refuses (409) when
 * the channel has conversations, and says so.
 */
import { useState } from 'preact/hooks';
import { METRIC_TARGETS, type AdminAgent, type AdminChannel, type RoutingMode } from '@parley/protocol';
import type { SectionProps } from './AdminPage.tsx';
import { adminApi } from './api.ts';
import { useAdminText } from './i18n.ts';
import { ConfirmButton, ErrorNote, Field, Flash, LoadNote, useAction, useEditorFocus, useFlash, useLoad } from './ui.tsx';
import { hasErrors, parseWholeNumber, validateChannel, type ChannelForm } from './validate.ts';

const ROUTING_MODES: readonly RoutingMode[] = ['auto', 'manual'];

const emptyForm = (): ChannelForm => ({
  id: null,
  name: '',
  routingMode: 'auto',
  maxWaiting: String(METRIC_TARGETS.maxWaitingPerChannel),
  overflowChannelId: '',
  memberIds: [],
});

const formOf = (channel: AdminChannel): ChannelForm => ({
  id: channel.id,
  name: channel.name,
  routingMode: channel.routingMode,
  maxWaiting: String(channel.maxWaiting),
  overflowChannelId: channel.overflowChannelId ?? '',
  memberIds: [...channel.memberIds],
});

export function ChannelsPage({ site }: SectionProps) {
  const a = useAdminText();
  const { state, set, reload } = useLoad(
    async (token) => {
      const [channels, agents] = await Promise.all([adminApi.listChannels(token, site.id), adminApi.listAgents(token, site.id)]);
      return { channels, agents };
    },
    site.id,
  );
  const [form, setForm] = useState<ChannelForm>(emptyForm);
  const deletion = useAction();
  const [flash, setFlash] = useFlash();

  if (state.status !== 'ready') return <LoadNote state={state} onRetry={reload} />;
  const { channels, agents } = state.data;
  const nameOf = (id: string | null) => channels.find((c) => c.id === id)?.name ?? a.common.none;

  function saved(channel: AdminChannel) {
    set((data) => ({
      ...data,
      channels: data.channels.some((c) => c.id === channel.id)
        ? data.channels.map((c) => (c.id === channel.id ? channel : c))
        : [...data.channels, channel],
    }));
    setForm(emptyForm());
    setFlash(a.common.saved);
  }

  async function remove(channel: AdminChannel) {
    const done = await deletion.run((token) => adminApi.deleteChannel(token, site.id, channel.id).then(() => true));
    if (!done) return;
    set((data) => ({
      ...data,
      channels: data.channels
        .filter((c) => c.id !== channel.id)
        .map((c) => (c.overflowChannelId === channel.id ? { ...c, overflowChannelId: null } : c)),
    }));
    if (form.id === channel.id) setForm(emptyForm());
    setFlash(a.common.deleted);
  }

  return (
    <section class="admin-section" aria-labelledby="channels-heading">
      <div class="adm-section-head">
        <h2 id="channels-heading">{a.channels.heading}</h2>
        <Flash message={flash} />
      </div>
      <ErrorNote error={deletion.error} testId="channel-delete-error" />
      {channels.length === 0 ? (
        <p class="admin-note">{a.channels.empty}</p>
      ) : (
        <div class="app-table-wrap">
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">{a.channels.columns.name}</th>
                <th scope="col">{a.channels.columns.routing}</th>
                <th scope="col" class="num">
                  {a.channels.columns.maxWaiting}
                </th>
                <th scope="col">{a.channels.columns.overflow}</th>
                <th scope="col">{a.channels.columns.members}</th>
                <th scope="col">
                  <span class="visually-hidden">{a.common.actions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {channels.map((channel) => (
                <tr
                  key={channel.id}
                  data-testid="channel-row"
                  data-channel-id={channel.id}
                  class={form.id === channel.id ? 'editing' : undefined}
                >
                  <th scope="row">{channel.name}</th>
                  <td>
                    <span class={`routing-badge ${channel.routingMode}`} title={a.channels.routingHints[channel.routingMode]}>
                      {a.channels.routingModes[channel.routingMode]}
                    </span>
                  </td>
                  <td class={`num${channel.maxWaiting > METRIC_TARGETS.maxWaitingPerChannel ? ' warn' : ''}`}>{channel.maxWaiting}</td>
                  <td>{nameOf(channel.overflowChannelId)}</td>
                  <td title={channel.memberIds.map((id) => agents.find((ag) => ag.id === id)?.name ?? '').join(', ')}>
                    {a.channels.memberCount(channel.memberIds.length)}
                  </td>
                  <td class="adm-actions">
                    <button type="button" class="button small" data-testid="channel-edit" onClick={() => setForm(formOf(channel))}>
                      {a.common.edit}
                    </button>
                    <ConfirmButton
                      label={a.common.delete}
                      question={a.channels.deleteConfirm(channel.name)}
                      confirmLabel={a.common.delete}
                      testId="channel-delete"
                      danger
                      onConfirm={() => remove(channel)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ChannelEditor
        key={form.id ?? 'new'}
        siteId={site.id}
        initial={form}
        channels={channels}
        agents={agents}
        onSaved={saved}
        onCancel={() => setForm(emptyForm())}
      />
    </section>
  );
}

function ChannelEditor({
  siteId,
  initial,
  channels,
  agents,
  onSaved,
  onCancel,
}: {
  siteId: string;
  initial: ChannelForm;
  channels: AdminChannel[];
  agents: AdminAgent[];
  onSaved(channel: AdminChannel): void;
  onCancel(): void;
}) {
  const a = useAdminText();
  const [form, setForm] = useState(initial);
  const [showErrors, setShowErrors] = useState(false);
  const { run, pending, error } = useAction();
  const errors = validateChannel(form);
  const editing = form.id !== null;
  const formRef = useEditorFocus(editing);
  const maxWaiting = parseWholeNumber(form.maxWaiting, 0, 100);
  const aboveStandard = maxWaiting !== null && maxWaiting > METRIC_TARGETS.maxWaitingPerChannel;

  async function submit(event: Event) {
    event.preventDefault();
    setShowErrors(true);
    if (hasErrors(errors)) return;
    const body = {
      name: form.name.trim(),
      routingMode: form.routingMode,
      maxWaiting: Number(form.maxWaiting.trim()),
      overflowChannelId: form.overflowChannelId || null,
      memberIds: form.memberIds,
    };
    const channel = await run((token) =>
      form.id ? adminApi.updateChannel(token, siteId, form.id, body) : adminApi.createChannel(token, siteId, body),
    );
    if (channel) onSaved(channel);
  }

  function toggleMember(agentId: string, checked: boolean) {
    const others = form.memberIds.filter((id) => id !== agentId);
    setForm({ ...form, memberIds: checked ? [...others, agentId] : others });
  }

  return (
    <form ref={formRef} class="admin-card admin-form" data-testid="channel-form" onSubmit={submit} noValidate>
      <h3>{editing ? a.channels.editHeading(initial.name) : a.channels.createHeading}</h3>
      <div class="adm-form-grid">
        <Field label={a.channels.name} error={showErrors ? errors.name : undefined}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="name"
              maxLength={80}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={form.name}
              onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field label={a.channels.routing} hint={a.channels.routingHints[form.routingMode]}>
          {({ id, describedBy }) => (
            <select
              id={id}
              name="routingMode"
              aria-describedby={describedBy}
              value={form.routingMode}
              onChange={(e) => setForm({ ...form, routingMode: e.currentTarget.value as RoutingMode })}
            >
              {ROUTING_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {a.channels.routingModes[mode]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={a.channels.maxWaiting}
          hint={
            <>
              {a.channels.maxWaitingHint}
              {aboveStandard && (
                <strong class="admin-warning-inline" data-testid="max-waiting-warning">
                  {' '}
                  {a.channels.aboveStandard(maxWaiting)}
                </strong>
              )}
            </>
          }
          error={showErrors ? errors.maxWaiting : undefined}
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="maxWaiting"
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              class="adm-narrow"
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={form.maxWaiting}
              onInput={(e) => setForm({ ...form, maxWaiting: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field label={a.channels.overflow} hint={a.channels.overflowHint} error={showErrors ? errors.overflowChannelId : undefined}>
          {({ id, describedBy, invalid }) => (
            <select
              id={id}
              name="overflowChannelId"
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={form.overflowChannelId}
              onChange={(e) => setForm({ ...form, overflowChannelId: e.currentTarget.value })}
            >
              <option value="">{a.channels.noOverflow}</option>
              {channels
                .filter((c) => c.id !== form.id)
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset class="admin-fieldset">
        <legend>{a.channels.members}</legend>
        {agents.length === 0 ? (
          <p class="admin-note inline">{a.channels.noAgents}</p>
        ) : (
          <ul class="adm-checklist">
            {agents.map((agent) => (
              <li key={agent.id}>
                <label class={agent.active ? undefined : 'inactive'}>
                  <input
                    type="checkbox"
                    name="member"
                    value={agent.id}
                    checked={form.memberIds.includes(agent.id)}
                    onChange={(e) => toggleMember(agent.id, e.currentTarget.checked)}
                  />
                  <span>{agent.name}</span>
                  <span class="admin-hint">{agent.email}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <ErrorNote error={error} testId="channel-error" />
      {showErrors && hasErrors(errors) && <p class="admin-field-error">{a.common.fixErrors}</p>}
      <div class="adm-form-actions">
        <button type="submit" class="button primary" data-testid="channel-save" disabled={pending}>
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
