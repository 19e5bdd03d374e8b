/**
 * Entry of the app module (dist/widget/app-[hash].js), imported by the loader on intent, on idle,
 * on a host-page command, or at once when a conversation is in progress. `mount` wires the store,
 * the chat controller, the launcher, the panel and the host-page API into the shadow root.
 */
import { render } from 'preact';
import type { MountOptions } from '../shared/bridge.ts';
import { createChat } from './chat.ts';
import { runCommand } from './commands.ts';
import { App } from './components/App.tsx';
import { preloadPanelParts } from './components/Panel.tsx';
import { createHostEvents } from './host.ts';
import { chooseLanguage } from './i18n.ts';
import { bindLauncher } from './launcher.ts';
import { setRoot } from './lazy.ts';
import { readMuted } from './storage.ts';
import { createStore, initialState } from './store.ts';
import css from './styles.css?inline';

/** Mounts the widget app; called once by the loader with its shadow root and launcher. */
export function mount(options: MountOptions): void {
  const { root, siteKey, baseUrl, launcher, lang, color, mode } = options;
  setRoot(root);
  const style = document.createElement('style');
  style.textContent = css;
  const container = document.createElement('div');
  root.append(style, container);

  // The site's language is known only after the config or session; until then, data-lang or the browser.
  const store = createStore(initialState(chooseLanguage(lang, null, navigator.language), mode, readMuted(siteKey)));
  const events = createHostEvents();
  bindLauncher(launcher, root.host as HTMLElement, store, color);
  // The rest in tasks of their own (chat controller; render; start): the app loads while the host
  // page is idle, and the first run of this much code (compiled as it first runs) would otherwise
  // be one long task.
  setTimeout(() => {
    const chat = createChat({ store, siteKey, baseUrl, lang, events });
    // Intent (hover, focus, touch) on the launcher: fetch the parts the panel is likely to show first.
    const warm = () => preloadPanelParts(store.get());
    for (const type of ['pointerenter', 'focus', 'touchstart']) launcher.addEventListener(type, warm, { once: true, passive: true });
    setTimeout(() => {
      render(<App store={store} chat={chat} launcher={launcher} />, container);
      setTimeout(() => {
        // 'ready' first: it is remembered, so 'on' handlers replayed from the queue still hear it, and
        // before any 'opened' a queued 'open' causes. Then the calls queued before the app loaded.
        events.emit('ready');
        options.onCommand((command, args) => runCommand({ chat, events }, command, args));
        chat.init();
      });
    });
  });
}
