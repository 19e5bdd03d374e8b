/**
 * The top bar's inbox tools: sound on/off, desktop notifications on/off (permission is asked only
 * from this button), and the keyboard shortcuts help behind a `?` button.
 */
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../i18n-context.ts';
import type { NotifyPermission } from '../notify.ts';

export interface InboxToolsProps {
  soundOn: boolean;
  onToggleSound(): void;
  permission: NotifyPermission;
  notifyOn: boolean;
  onToggleNotify(): void;
  helpOpen: boolean;
  onHelpChange(open: boolean): void;
}

export function InboxTools(props: InboxToolsProps) {
  const { soundOn, onToggleSound, permission, notifyOn, onToggleNotify, helpOpen, onHelpChange } = props;
  const { t } = useI18n();
  const a = t.inbox.alerts;
  const notifyTitle =
    permission === 'unsupported'
      ? a.notifyUnsupported
      : permission === 'denied'
        ? a.notifyDenied
        : permission === 'default'
          ? a.notifyAsk
          : notifyOn
            ? a.notifyOn
            : a.notifyOff;

  return (
    <div class="inbox-tools">
      <button
        type="button"
        class={`icon-button${soundOn ? ' on' : ''}`}
        data-testid="sound-toggle"
        data-state={soundOn ? 'on' : 'off'}
        aria-pressed={soundOn}
        aria-label={soundOn ? a.soundOn : a.soundOff}
        title={soundOn ? a.soundOn : a.soundOff}
        onClick={onToggleSound}
      >
        <SpeakerIcon on={soundOn} />
      </button>
      <button
        type="button"
        class={`icon-button${notifyOn ? ' on' : ''}`}
        data-testid="notify-toggle"
        data-state={notifyOn ? 'on' : permission === 'granted' ? 'off' : permission}
        aria-pressed={notifyOn}
        aria-label={notifyTitle}
        title={notifyTitle}
        aria-disabled={permission === 'denied' || permission === 'unsupported' ? 'true' : undefined}
        onClick={onToggleNotify}
      >
        <BellIcon on={notifyOn} />
      </button>
      <ShortcutHelp open={helpOpen} onChange={onHelpChange} />
    </div>
  );
}

/** Keys and what they do, shown in the help popover. */
function shortcutRows(t: ReturnType<typeof useI18n>['t']): [string[], string][] {
  const s = t.inbox.shortcuts;
  return [
    [['Alt', '↑'], s.previous],
    [['Alt', '↓'], s.next],
    [['Alt', '1 … 9'], s.jump],
    [['/'], s.canned],
    [['Enter'], s.send],
    [['Shift', 'Enter'], s.newline],
    [['?'], s.help],
  ];
}

/** The `?` button and its popover; Escape, the close button or a click elsewhere close it. */
function ShortcutHelp({ open, onChange }: { open: boolean; onChange(open: boolean): void }) {
  const { t } = useI18n();
  const root = useRef<HTMLDivElement>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) onChangeRef.current(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onChangeRef.current(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div class="shortcut-help" ref={root}>
      <button
        type="button"
        class={`icon-button${open ? ' on' : ''}`}
        data-testid="shortcuts-button"
        aria-expanded={open}
        aria-controls="shortcuts-popover"
        aria-label={t.inbox.shortcuts.button}
        title={`${t.inbox.shortcuts.button} (?)`}
        onClick={() => onChange(!open)}
      >
        <span aria-hidden="true">?</span>
      </button>
      {open && (
        <div class="shortcuts-popover" id="shortcuts-popover" role="dialog" aria-labelledby="shortcuts-heading" data-testid="shortcuts-help">
          <div class="shortcuts-head">
            <h2 id="shortcuts-heading">{t.inbox.shortcuts.heading}</h2>
            <button type="button" class="button subtle small" aria-label={t.inbox.shortcuts.close} onClick={() => onChange(false)}>
              ×
            </button>
          </div>
          <dl>
            {shortcutRows(t).map(([keys, label]) => (
              <div key={label}>
                <dt>
                  {keys.map((key, i) => (
                    <span key={key}>
                      {i > 0 && <span class="plus">+</span>}
                      <kbd>{key}</kbd>
                    </span>
                  ))}
                </dt>
                <dd>{label}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </div>
  );
}

/** A speaker, with sound waves when on and a cross when muted. */
function SpeakerIcon({ on }: { on: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
      <path d="M4 9h4l5-4v14l-5-4H4z" fill="currentColor" stroke="none" />
      {on ? (
        <path d="M16.5 8.5a5 5 0 0 1 0 7M19 6a8.5 8.5 0 0 1 0 12" />
      ) : (
        <path d="M16 9l5 6M21 9l-5 6" />
      )}
    </svg>
  );
}

/** A bell, struck through when notifications are off. */
function BellIcon({ on }: { on: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
      <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z" />
      <path d="M10 21h4" />
      {!on && <path d="M3 3l18 18" />}
    </svg>
  );
}
