/**
 * The reply box: Enter sends, Shift+Enter adds a line, and a toggle turns the reply into an
 * internal note. Typing `/` opens the site's canned responses, filtered by shortcut as the agent
 * types (↑/↓ move, Enter or Tab pick, Escape closes); a pick is inserted with its placeholders
 * filled. While the agent types a reply (never a note) the visitor sees "typing…".
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { LIMITS, type CannedResponse } from '@parley/protocol';
import {
  applyCanned,
  cannedTrigger,
  fillPlaceholders,
  filterCanned,
  responseLanguage,
  type CannedTrigger,
  type PlaceholderValues,
} from '../canned.ts';
import { MESSAGES } from '../i18n.ts';
import { useI18n } from '../i18n-context.ts';
import { EMPTY_CANNED, type CannedState, type Draft } from '../store.ts';
import { createTypingSignal } from '../typing-signal.ts';

export interface ComposerProps {
  conversationId: string;
  draft: Draft;
  onDraftChange(draft: Draft): void;
  onSend(text: string, internal: boolean): void;
  /** The conversation's site's canned responses. */
  canned?: CannedState;
  /** Asks for the canned responses (the list opened before they were loaded, or they failed). */
  onNeedCanned?(): void;
  /** What the placeholders of a canned response are filled with. */
  placeholders?: PlaceholderValues;
  /** The agent started or stopped typing a reply. */
  onTyping?(typing: boolean): void;
}

/** Show the remaining-characters hint only near the limit, where it matters. */
const COUNTER_FROM = LIMITS.messageLength - 500;

/** Renders the composer for one conversation; the draft itself is kept by the caller. */
export function Composer(props: ComposerProps) {
  const { conversationId, draft, onDraftChange, onSend, canned = EMPTY_CANNED, onNeedCanned, placeholders } = props;
  const { t, lang } = useI18n();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const canSend = draft.text.trim().length > 0;
  const [caret, setCaret] = useState<number | null>(null);
  /** The slash position whose list the agent closed with Escape (it stays closed until they type elsewhere). */
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const pendingCaret = useRef<number | null>(null);

  const onTypingRef = useRef(props.onTyping);
  onTypingRef.current = props.onTyping;
  const typing = useMemo(() => createTypingSignal((value) => onTypingRef.current?.(value)), []);

  // A new conversation: the old one hears "stopped typing", and no list stays open.
  useEffect(() => {
    setCaret(null);
    setDismissedAt(null);
    return () => typing.stop();
  }, [conversationId, typing]);

  // Focus the reply box when a conversation opens, but not on touch devices, where focusing
  // would throw the on-screen keyboard over the history the agent wants to read first.
  useEffect(() => {
    if (globalThis.matchMedia?.('(pointer: fine)').matches) textarea.current?.focus();
  }, [conversationId]);

  // After a pick, put the caret right after the inserted text.
  useLayoutEffect(() => {
    const el = textarea.current;
    if (el && pendingCaret.current !== null) {
      el.setSelectionRange(pendingCaret.current, pendingCaret.current);
      setCaret(pendingCaret.current);
      pendingCaret.current = null;
    }
  });

  const trigger: CannedTrigger | null = caret === null ? null : cannedTrigger(draft.text, caret);
  const listOpen = trigger !== null && trigger.start !== dismissedAt;
  const options = listOpen ? filterCanned(canned.responses, trigger.query) : [];
  const activeIndex = Math.min(active, Math.max(0, options.length - 1));

  useEffect(() => {
    if (listOpen && !canned.loaded && !canned.loading) onNeedCanned?.();
  }, [listOpen, canned.loaded, canned.loading, onNeedCanned]);

  function send() {
    if (!canSend) return;
    typing.stop();
    onSend(draft.text, draft.internal);
    setCaret(null);
    textarea.current?.focus();
  }

  function pick(response: CannedResponse) {
    if (!trigger) return;
    const language = responseLanguage(response.text, lang);
    const filled = fillPlaceholders(
      response.text,
      placeholders ?? { visitorName: null, visitorEmail: null, agentName: '' },
      MESSAGES[language].inbox.canned.nameFallback,
    );
    const next = applyCanned(draft.text, trigger, filled);
    pendingCaret.current = next.caret;
    setActive(0);
    onDraftChange({ ...draft, text: next.text.slice(0, LIMITS.messageLength) });
    if (!draft.internal) typing.input();
    textarea.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    // While an input method is composing (Vietnamese Telex/VNI, CJK), Enter confirms the
    // composition; sending then would cut the last word.
    if (event.isComposing || event.keyCode === 229) return;
    if (listOpen && !event.altKey && !event.ctrlKey && !event.metaKey) {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setDismissedAt(trigger.start);
        return;
      }
      if (options.length > 0) {
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault();
          const delta = event.key === 'ArrowDown' ? 1 : -1;
          setActive((activeIndex + delta + options.length) % options.length);
          return;
        }
        if ((event.key === 'Enter' && !event.shiftKey) || (event.key === 'Tab' && !event.shiftKey)) {
          event.preventDefault();
          pick(options[activeIndex]!);
          return;
        }
      }
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      send();
    }
  }

  function onInput(event: Event) {
    const el = event.currentTarget as HTMLTextAreaElement;
    onDraftChange({ ...draft, text: el.value });
    setCaret(el.selectionStart);
    setActive(0);
    if (dismissedAt !== null && el.value[dismissedAt] !== '/') setDismissedAt(null);
    if (draft.internal) return;
    if (el.value.trim()) typing.input();
    else typing.stop();
  }

  /** The caret moved without typing (arrows, clicks): the list follows it. */
  function syncCaret(event: Event) {
    const el = event.currentTarget as HTMLTextAreaElement;
    if (el.selectionStart !== caret) setCaret(el.selectionStart);
  }

  const listId = `canned-${conversationId}`;
  const optionId = (i: number) => `${listId}-option-${i}`;

  return (
    <form
      class={`composer${draft.internal ? ' internal' : ''}`}
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <div class="composer-input">
        {listOpen && (
          <CannedList
            id={listId}
            canned={canned}
            options={options}
            active={activeIndex}
            optionId={optionId}
            onHover={setActive}
            onPick={pick}
          />
        )}
        <textarea
          ref={textarea}
          name="message"
          data-testid="composer"
          rows={3}
          maxLength={LIMITS.messageLength}
          placeholder={draft.internal ? t.composer.notePlaceholder : t.composer.placeholder}
          aria-label={draft.internal ? t.composer.internal : t.composer.send}
          aria-autocomplete="list"
          aria-controls={listOpen ? listId : undefined}
          aria-activedescendant={listOpen && options.length > 0 ? optionId(activeIndex) : undefined}
          value={draft.text}
          onInput={onInput}
          onKeyDown={onKeyDown}
          onKeyUp={syncCaret}
          onClick={syncCaret}
          onBlur={() => setCaret(null)}
          onFocus={syncCaret}
        />
      </div>
      <div class="composer-bar">
        <label class="toggle">
          <input
            type="checkbox"
            data-testid="internal-toggle"
            checked={draft.internal}
            onChange={(event) => {
              const internal = event.currentTarget.checked;
              if (internal) typing.stop(); // notes are for agents: the visitor sees no typing for them
              onDraftChange({ ...draft, internal });
            }}
          />
          <span>{t.composer.internal}</span>
        </label>
        <span class="composer-hint">{t.inbox.canned.hint}</span>
        {draft.text.length >= COUNTER_FROM && (
          <span class="counter" aria-live="polite">
            {t.composer.remaining(LIMITS.messageLength - draft.text.length)}
          </span>
        )}
        <button type="submit" class="button primary" data-testid="send" disabled={!canSend}>
          {draft.internal ? t.composer.addNote : t.composer.send}
        </button>
      </div>
    </form>
  );
}

interface CannedListProps {
  id: string;
  canned: CannedState;
  options: CannedResponse[];
  active: number;
  optionId(index: number): string;
  onHover(index: number): void;
  onPick(response: CannedResponse): void;
}

/** The suggestion list above the reply box. Response text is shown as text, placeholders as written. */
function CannedList({ id, canned, options, active, optionId, onHover, onPick }: CannedListProps) {
  const { t } = useI18n();
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  const note = !canned.loaded
    ? canned.error
      ? t.inbox.canned.failed
      : t.inbox.canned.loading
    : canned.responses.length === 0
      ? t.inbox.canned.none
      : options.length === 0
        ? t.inbox.canned.empty
        : null;

  return (
    <div class="canned-popup" data-testid="canned-suggestions">
      <div class="canned-heading">{t.inbox.canned.heading}</div>
      {note && <p class="canned-note">{note}</p>}
      {options.length > 0 && (
        <ul class="canned-list" id={id} role="listbox" aria-label={t.inbox.canned.heading} ref={list}>
          {options.map((response, index) => (
            <li
              key={response.id}
              id={optionId(index)}
              role="option"
              class={`canned-option${index === active ? ' active' : ''}`}
              data-testid="canned-option"
              data-shortcut={response.shortcut}
              aria-selected={index === active}
              // mousedown, not click: the reply box keeps focus (and its caret).
              onMouseDown={(event) => {
                event.preventDefault();
                onPick(response);
              }}
              onMouseEnter={() => onHover(index)}
            >
              <span class="canned-shortcut">/{response.shortcut}</span>
              <span class="canned-text">{response.text}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
