/**
 * Keeps the loader's launcher button (and the shadow host) in step with the state: label in the
 * widget language, expanded state, unread badge, and the site's colour and side.
 */
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

  const apply = (state: WidgetState) => {
    const t = strings[state.lang];
    const label = state.open
      ? t.closeChat
      : state.unread > 0
        ? format(t.openChatUnread, { count: state.unread })
        : t.openChat;
    launcher.setAttribute('aria-label', label);
    launcher.setAttribute('aria-expanded', String(state.open));
    badge.hidden = state.open || state.unread === 0;
    badge.textContent = state.unread > 9 ? '9+' : String(state.unread);
    // Lets the stylesheet hide the launcher under the full-screen panel on small screens.
    host.toggleAttribute('data-open', state.open);
    const widget = state.site?.widget;
    if (widget) {
      host.dataset.position = widget.position;
      if (!ownColor && CSS.supports('color', widget.color)) {
        host.style.setProperty('--parley-color', widget.color);
      }
    }
  };
  apply(store.get());
  store.subscribe(apply);
}
