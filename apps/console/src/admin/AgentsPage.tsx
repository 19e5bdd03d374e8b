/**
 * Agents of the site: a table (role, capacity, channels, live status, active) with edit and a
 * confirmed deactivate / reactivate, and one form to create or edit an agent.
 */
import { useState } from 'preact/hooks';
import { DEFAULTS, type AdminAgent, type AdminChannel, type AgentRole, type UpdateAgent } from '@parley/protocol';
import type { SectionProps } from './AdminPage.tsx';
import { adminApi } from './api.ts';
import { useAdminText } from './i18n.ts';
import { ConfirmButton, ErrorNote, Field, Flash, LoadNote, useAction, useEditorFocus, useFlash, useLoad } from './ui.tsx';
import { hasErrors, validateAgent, type AgentForm } from './validate.ts';

const ROLES: readonly AgentRole[] = ['agent', 'admin'];

const emptyForm = (): AgentForm => ({
  id: null,
  name: '',
  email: '',
  password: '',
  role: 'agent',
  maxChats: String(DEFAULTS.agentMaxChats),
  channelIds: [],
});

const formOf = (agent: AdminAgent): AgentForm => ({
  id: agent.id,
  name: agent.name,
  email: agent.email,
  password: '',
  role: agent.role,
  maxChats: String(agent.maxChats),
  channelIds: [...agent.channelIds],
});

export function AgentsPage({ site, meId }: SectionProps) {
  const a = useAdminText();
  const { state, set, reload } = useLoad(
    async (token) => {
      const [agents, channels] = await Promise.all([adminApi.listAgents(token, site.id), adminApi.listChannels(token, site.id)]);
      return { agents, channels };
    },
    site.id,
  );
  const [form, setForm] = useState<AgentForm>(emptyForm);
  const activation = useAction();
  const [flash, setFlash] = useFlash();

  if (state.status !== 'ready') return <LoadNote state={state} onRetry={reload} />;
  const { agents, channels } = state.data;
  const channelNames = (ids: string[]) =>
    ids
      .map((id) => channels.find((c) => c.id === id)?.name)
      .filter(Boolean)
      .join(', ') || a.common.none;

  function saved(agent: AdminAgent) {
    set((data) => ({
      ...data,
      agents: data.agents.some((x) => x.id === agent.id) ? data.agents.map((x) => (x.id === agent.id ? agent : x)) : [...data.agents, agent],
    }));
    setForm(emptyForm());
    setFlash(a.common.saved);
  }

  async function setActive(agent: AdminAgent, active: boolean) {
    const updated = await activation.run((token) => adminApi.updateAgent(token, site.id, agent.id, { active }));
    if (updated) saved(updated);
  }

  return (
    <section class="admin-section" aria-labelledby="agents-heading">
      <div class="adm-section-head">
        <h2 id="agents-heading">{a.agents.heading}</h2>
        <Flash message={flash} />
      </div>
      <ErrorNote error={activation.error} testId="agent-active-error" />
      {agents.length === 0 ? (
        <p class="admin-note">{a.agents.empty}</p>
      ) : (
        <div class="app-table-wrap">
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">{a.agents.columns.name}</th>
                <th scope="col">{a.agents.columns.email}</th>
                <th scope="col">{a.agents.columns.role}</th>
                <th scope="col" class="num">
                  {a.agents.columns.capacity}
                </th>
                <th scope="col">{a.agents.columns.channels}</th>
                <th scope="col">{a.agents.columns.status}</th>
                <th scope="col">{a.agents.columns.active}</th>
                <th scope="col">
                  <span class="visually-hidden">{a.common.actions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {agents.map((agent) => {
                const me = agent.id === meId;
                return (
                  <tr
                    key={agent.id}
                    data-testid="agent-row"
                    data-agent-id={agent.id}
                    data-active={String(agent.active)}
                    class={`${agent.active ? '' : 'inactive'}${form.id === agent.id ? ' editing' : ''}`.trim() || undefined}
                  >
                    <th scope="row">
                      {agent.name} {me && <span class="admin-hint">{a.agents.you}</span>}
                    </th>
                    <td class="adm-email">{agent.email}</td>
                    <td>{a.agents.roles[agent.role]}</td>
                    <td class="num">{agent.maxChats}</td>
                    <td>{channelNames(agent.channelIds)}</td>
                    <td>
                      <span class="adm-status-cell">
                        <span class={`status-dot ${agent.status}`} aria-hidden="true" />
                        {a.agents.status[agent.status]}
                      </span>
                    </td>
                    <td>
                      <span class={`adm-active-badge${agent.active ? ' on' : ''}`}>{agent.active ? a.agents.active : a.agents.inactive}</span>
                    </td>
                    <td class="adm-actions">
                      <button type="button" class="button small" data-testid="agent-edit" onClick={() => setForm(formOf(agent))}>
                        {a.common.edit}
                      </button>
                      {agent.active ? (
                        <ConfirmButton
                          label={a.agents.deactivate}
                          question={a.agents.deactivateConfirm(agent.name)}
                          confirmLabel={a.agents.deactivate}
                          testId="agent-deactivate"
                          danger
                          disabled={me}
                          onConfirm={() => setActive(agent, false)}
                        />
                      ) : (
                        <ConfirmButton
                          label={a.agents.reactivate}
                          question={a.agents.reactivateConfirm(agent.name)}
                          confirmLabel={a.agents.reactivate}
                          testId="agent-reactivate"
                          onConfirm={() => setActive(agent, true)}
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <AgentEditor
        key={form.id ?? 'new'}
        siteId={site.id}
        initial={form}
        channels={channels}
        isMe={form.id === meId}
        onSaved={saved}
        onCancel={() => setForm(emptyForm())}
      />
    </section>
  );
}

function AgentEditor({
  siteId,
  initial,
  channels,
  isMe,
  onSaved,
  onCancel,
}: {
  siteId: string;
  initial: AgentForm;
  channels: AdminChannel[];
  isMe: boolean;
  onSaved(agent: AdminAgent): void;
  onCancel(): void;
}) {
  const a = useAdminText();
  const [form, setForm] = useState(initial);
  const [showErrors, setShowErrors] = useState(false);
  const { run, pending, error } = useAction();
  const errors = validateAgent(form);
  const editing = form.id !== null;
  const formRef = useEditorFocus(editing);

  async function submit(event: Event) {
    event.preventDefault();
    setShowErrors(true);
    if (hasErrors(errors)) return;
    const common = {
      name: form.name.trim(),
      role: form.role,
      maxChats: Number(form.maxChats.trim()),
      channelIds: form.channelIds,
    };
    const agent = await run((token) => {
      if (form.id) {
        const patch: UpdateAgent = { ...common, ...(form.password ? { password: form.password } : {}) };
        // An admin cannot demote themselves: leave the role out rather than have it refused.
        if (isMe) delete patch.role;
        return adminApi.updateAgent(token, siteId, form.id, patch);
      }
      return adminApi.createAgent(token, siteId, { ...common, email: form.email.trim(), password: form.password });
    });
    if (agent) onSaved(agent);
  }

  function toggleChannel(channelId: string, checked: boolean) {
    const others = form.channelIds.filter((id) => id !== channelId);
    setForm({ ...form, channelIds: checked ? [...others, channelId] : others });
  }

  return (
    <form ref={formRef} class="admin-card admin-form" data-testid="agent-form" onSubmit={submit} noValidate>
      <h3>{editing ? a.agents.editHeading(initial.name) : a.agents.createHeading}</h3>
      <div class="adm-form-grid">
        <Field label={a.agents.name} error={showErrors ? errors.name : undefined}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="name"
              maxLength={80}
              autocomplete="off"
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={form.name}
              onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field
          label={a.agents.email}
          hint={editing ? a.agents.emailFixed : a.agents.existingHint}
          error={showErrors ? errors.email : undefined}
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="email"
              type="email"
              autocomplete="off"
              readOnly={editing}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={form.email}
              onInput={(e) => setForm({ ...form, email: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field
          label={editing ? a.agents.passwordKeep : a.agents.password}
          hint={a.agents.passwordHint}
          error={showErrors ? errors.password : undefined}
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="password"
              type="password"
              autocomplete="new-password"
              maxLength={200}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={form.password}
              onInput={(e) => setForm({ ...form, password: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field label={a.agents.role}>
          {({ id, describedBy }) => (
            <select
              id={id}
              name="role"
              aria-describedby={describedBy}
              disabled={isMe}
              value={form.role}
              onChange={(e) => setForm({ ...form, role: e.currentTarget.value as AgentRole })}
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {a.agents.roles[role]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={a.agents.maxChats} hint={a.agents.maxChatsHint} error={showErrors ? errors.maxChats : undefined}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="maxChats"
              type="number"
              inputMode="numeric"
              min={0}
              max={50}
              class="adm-narrow"
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={form.maxChats}
              onInput={(e) => setForm({ ...form, maxChats: e.currentTarget.value })}
            />
          )}
        </Field>
      </div>
      <fieldset class="admin-fieldset">
        <legend>{a.agents.channels}</legend>
        {channels.length === 0 ? (
          <p class="admin-note inline">{a.agents.noChannels}</p>
        ) : (
          <ul class="adm-checklist">
            {channels.map((channel) => (
              <li key={channel.id}>
                <label>
                  <input
                    type="checkbox"
                    name="channel"
                    value={channel.id}
                    checked={form.channelIds.includes(channel.id)}
                    onChange={(e) => toggleChannel(channel.id, e.currentTarget.checked)}
                  />
                  <span>{channel.name}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <ErrorNote error={error} testId="agent-error" />
      {showErrors && hasErrors(errors) && <p class="admin-field-error">{a.common.fixErrors}</p>}
      <div class="adm-form-actions">
        <button type="submit" class="button primary" data-testid="agent-save" disabled={pending}>
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
