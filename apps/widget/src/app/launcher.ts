/**
 * Keeps the loader's launcher button (and the shadow host) in step with the state: label in the
 * widget language, expanded and hidden states, unread badge, the site's side, and the accent colour
 * with a text colour that meets WCAG AA on it.
 */
import { accentColors } from './contrast.ts';
import { format, strings } from './i18n.ts';
import type { Store, WidgetState } from './store.ts';

/** Starts syncing; a valid `colorAttribute` (data-color) wins over the site's configured colour. */
export function bindLauncher(
  launcher: HTMLButtonElement,
  host: HTMLElement,
  store: Store,
  colorAttribute: string | null,
): void {
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.dataset.testid = 'parley-unread';
  badge.setAttribute('aria-hidden', 'true'); // the count is in the button's label
  launcher.append(badge);
  const ownColor = !!colorAttribute && CSS.supports('color', colorAttribute);
  let painted: string | undefined;

  const apply = (state: WidgetState) => {
    const t = strings[state.lang];
    const label = state.open
      ? t.closeChat
      : state.unread > 0
        ? format(t.openChatUnread, { count: state.unread })
        : t.openChat;
    launcher.setAttribute('aria-label', label);
    launcher.setAttribute('aria-expanded', String(state.open));
    launcher.hidden = state.launcherHidden || state.mode === 'page';
    badge.hidden = state.open || state.unread === 0;
    badge.textContent = state.unread > 9 ? '9+' : String(state.unread);
    // Lets the stylesheet hide the launcher under the full-screen panel on small screens.
    host.toggleAttribute('data-open', state.open);
    host.dataset.mode = state.mode;
    const widget = state.site?.widget;
    if (widget) host.dataset.position = widget.position;
    const color = ownColor ? colorAttribute : widget?.color;
    if (color && color !== painted) {
      painted = color;
      paint(host, color);
    }
  };
  apply(store.get());
  store.subscribe(apply);
}

/** Sets the accent and its text colour; colours other than hex / rgb() are resolved by the browser. */
function paint(host: HTMLElement, color: string): void {
  if (!CSS.supports('color', color)) return;
  let accent = accentColors(color);
  if (!accent) {
    const probe = document.createElement('i');
    probe.style.color = color;
    host.shadowRoot?.append(probe);
    accent = accentColors(getComputedStyle(probe).color);
    probe.remove();
  }
  host.style.setProperty('--parley-color', accent?.background ?? color);
  if (accent) host.style.setProperty('--parley-on', accent.text);
}
