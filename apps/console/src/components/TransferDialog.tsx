/**
 * The transfer dialog: hand the open conversation to another agent of its site, or to another
 * channel, with an optional note for the receiver. Exactly one target is chosen: picking in one
 * list clears the other.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { LIMITS, type AgentState, type Conversation, type TransferConversation } from '@parley/protocol';
import { errorText, type UiError } from '../errors.ts';
import { useI18n } from '../i18n-context.ts';
import { atCapacity } from '../store.ts';

/** A channel the conversation can move to. */
export interface TransferChannel {
  id: string;
  name: string;
  /** Whether any agent of the channel is online. */
  online: boolean;
}

export interface TransferDialogProps {
  conversation: Conversation;
  /** The site's other agents, live; empty until `agentsLoaded`. */
  agents: AgentState[];
  agentsLoaded: boolean;
  /** The site's channels other than the conversation's. */
  channels: TransferChannel[];
  /** Fetches the site's agents; resolves with the error, if any. */
  onLoadAgents(siteId: string): Promise<UiError | null>;
  onSubmit(payload: TransferConversation): Promise<UiError | null>;
  onClose(): void;
}

/** A modal `<dialog>`: Escape and Cancel close it, success closes it, errors stay inside it. */
export function TransferDialog(props: TransferDialogProps) {
  const { conversation, agents, agentsLoaded, channels, onLoadAgents, onSubmit, onClose } = props;
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const [agentId, setAgentId] = useState('');
  const [channelId, setChannelId] = useState('');
  const [note, setNote] = useState('');
  const [loadError, setLoadError] = useState<UiError | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  // Open as a modal (focus trapped, page inert) and report Escape as a close.
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (!el.open) {
      if (typeof el.showModal === 'function') el.showModal();
      else el.setAttribute('open', '');
    }
    const cancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    el.addEventListener('cancel', cancel);
    return () => el.removeEventListener('cancel', cancel);
  }, []);

  // The agent list is fetched each time the dialog opens: statuses and loads change all the time
  // (and stay live afterwards through `agents:state`).
  useEffect(() => {
    let current = true;
    void onLoadAgents(conversation.siteId).then((failure) => {
      if (current) setLoadError(failure);
    });
    return () => {
      current = false;
    };
  }, [conversation.siteId, onLoadAgents]);

  const canSubmit = (agentId !== '') !== (channelId !== '') && !submitting;

  async function submit(event: Event) {
    event.preventDefault();
    if (!agentId && !channelId) {
      setError({ code: 'VALIDATION', message: t.transfer.pickOne });
      return;
    }
    if (!canSubmit) return;
    setSubmitting(true);
    setError(null);
    const text = note.trim();
    const failure = await onSubmit({
      conversationId: conversation.id,
      ...(agentId ? { toAgentId: agentId } : { toChannelId: channelId }),
      ...(text ? { note: text } : {}),
    });
    setSubmitting(false);
    if (failure) setError(failure);
    else onClose();
  }

  return (
    <dialog
      ref={dialog}
      class="transfer-dialog"
      data-testid="transfer-dialog"
      aria-labelledby="transfer-heading"
    >
      <form class="transfer-form" onSubmit={submit}>
        <h2 id="transfer-heading">{t.transfer.heading}</h2>

        <label class="field">
          <span>{t.transfer.toAgent}</span>
          <select
            name="transfer-agent"
            value={agentId}
            disabled={submitting}
            onChange={(event) => {
              setAgentId(event.currentTarget.value);
              if (event.currentTarget.value) setChannelId('');
            }}
          >
            <option value="">
              {!agentsLoaded && !loadError
                ? t.transfer.loadingAgents
                : agents.length === 0
                  ? t.transfer.noAgents
                  : t.transfer.chooseAgent}
            </option>
            {agents.map((agent) => (
              <option key={agent.agentId} value={agent.agentId} data-status={agent.status}>
                {t.transfer.agentOption(agent.name, t.presence.status[agent.status], agent.activeChats, agent.maxChats)}
                {atCapacity(agent) ? ` (${t.transfer.full})` : ''}
              </option>
            ))}
          </select>
        </label>
        {loadError && (
          <p class="form-error" role="alert">
            {errorText(loadError, t)}
          </p>
        )}

        <label class="field">
          <span>{t.transfer.toChannel}</span>
          <select
            name="transfer-channel"
            value={channelId}
            disabled={submitting || channels.length === 0}
            onChange={(event) => {
              setChannelId(event.currentTarget.value);
              if (event.currentTarget.value) setAgentId('');
            }}
          >
            <option value="">{t.transfer.chooseChannel}</option>
            {channels.map((channel) => (
              <option key={channel.id} value={channel.id}>
                {t.transfer.channelOption(channel.name, channel.online)}
              </option>
            ))}
          </select>
        </label>

        <label class="field">
          <span>{t.transfer.note}</span>
          <textarea
            name="transfer-note"
            rows={3}
            maxLength={LIMITS.messageLength}
            placeholder={t.transfer.notePlaceholder}
            value={note}
            disabled={submitting}
            onInput={(event) => setNote(event.currentTarget.value)}
          />
        </label>

        <p class="transfer-hint">{t.transfer.hint}</p>

        {error && (
          <p class="form-error" role="alert" data-testid="transfer-error">
            {errorText(error, t)}
          </p>
        )}

        <div class="dialog-actions">
          <button type="button" class="button subtle" onClick={onClose}>
            {t.transfer.cancel}
          </button>
          <button type="submit" class="button primary" data-testid="transfer-submit" disabled={!canSubmit}>
            {submitting ? t.transfer.submitting : t.transfer.submit}
          </button>
        </div>
      </form>
    </dialog>
  );
}
