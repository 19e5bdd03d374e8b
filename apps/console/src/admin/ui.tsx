/**
 * Building blocks of the settings pages: load notes, labelled fields, a copy button, a two-step
 * confirmation and a short "Saved." (requests themselves: request.tsx).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { fieldErrorText, useAdminText } from './i18n.ts';
import { ErrorNote, type Loaded } from './request.tsx';
import type { FieldError } from './validate.ts';

export { ErrorNote, RequestContext, useAction, useLoad, useRequestContext } from './request.tsx';

/** "Loading…", or the error with a retry button, for a `useLoad` state that is not ready. */
export function LoadNote({ state, onRetry }: { state: Loaded<unknown>; onRetry(): void }) {
  const a = useAdminText();
  if (state.status === 'loading') {
    return (
      <p class="admin-note" role="status">
        {a.common.loading}
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <div class="admin-load-error">
        <ErrorNote error={state.error} />
        <button type="button" class="button small" onClick={onRetry}>
          {a.common.retry}
        </button>
      </div>
    );
  }
  return null;
}

export interface FieldProps {
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: FieldError | undefined;
  /** Renders the control with the ids it must carry. */
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
  class?: string;
}

/** A label, a control, a hint and the field's error, tied together for screen readers. */
export function Field({ label, hint, error, children, class: className }: FieldProps) {
  const a = useAdminText();
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`admin-field${error ? ' invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {hint && (
        <p class="admin-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p class="admin-field-error" id={errorId}>
          {fieldErrorText(error, a)}
        </p>
      )}
    </div>
  );
}

/** Copies text to the clipboard and says so; falls back to selecting the text when it cannot. */
export function CopyButton({ text, label, testId, selectTarget }: { text: string; label: string; testId?: string; selectTarget?: () => HTMLElement | null }) {
  const a = useAdminText();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      const target = selectTarget?.();
      if (target) {
        const selection = getSelection();
        const range = document.createRange();
        range.selectNodeContents(target);
        selection?.removeAllRanges();
        selection?.addRange(range);
      }
      setState('failed');
    }
  }
  return (
    <span class="adm-copy">
      <button type="button" class="button small" data-testid={testId} onClick={() => void copy()}>
        {state === 'copied' ? a.common.copied : label}
      </button>
      <span class="admin-hint" role="status">
        {state === 'failed' ? a.common.copyFailed : ''}
      </span>
    </span>
  );
}

/**
 * A button that asks first: the question and Confirm / Cancel replace it until answered.
 * `onConfirm` may be async; the buttons are disabled while it runs.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  danger = false,
  testId,
  disabled = false,
}: {
  label: string;
  question: string;
  confirmLabel?: string;
  onConfirm(): Promise<unknown> | void;
  danger?: boolean;
  testId?: string;
  disabled?: boolean;
}) {
  const a = useAdminText();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button
        type="button"
        class={`button small${danger ? ' adm-danger' : ''}`}
        data-testid={testId}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      setAsking(false);
    }
  }
  return (
    <span class="adm-confirm" role="group" aria-label={question}>
      <span class="adm-confirm-question">{question}</span>
      <button
        ref={confirmRef}
        type="button"
        class={`button small${danger ? ' adm-danger-solid' : ' primary'}`}
        data-testid={testId ? `${testId}-confirm` : undefined}
        disabled={busy}
        onClick={() => void confirm()}
      >
        {confirmLabel ?? a.common.confirm}
      </button>
      <button type="button" class="button small" disabled={busy} onClick={() => setAsking(false)}>
        {a.common.cancel}
      </button>
    </span>
  );
}

/** A short-lived "Saved." after a save, announced politely. */
export function useFlash(): [string | null, (message: string) => void] {
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), 3000);
    return () => clearTimeout(timer);
  }, [message]);
  return [message, setMessage];
}

export function Flash({ message }: { message: string | null }) {
  return (
    <span class="admin-flash" role="status" data-testid="admin-flash">
      {message ?? ''}
    </span>
  );
}

/**
 * For an editor form that opens on "Edit": scrolls it into view and focuses its first field, so
 * keyboard and screen-reader users land where the action is.
 */
export function useEditorFocus(editing: boolean) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!editing || !ref.current) return;
    ref.current.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
    ref.current.querySelector<HTMLElement>('input:not([type="hidden"]):not([readonly]), select, textarea')?.focus({ preventScroll: true });
  }, [editing]);
  return ref;
}
