/**
 * Entry of the app module (dist/widget/app-[hash].js), imported by the loader on intent or idle.
 * `mount` wires the store, the chat controller, the launcher and the panel into the shadow root.
 */
import { render } from 'preact';
import type { MountOptions } from '../shared/bridge.ts';
import { createChat } from './chat.ts';
import { runCommand } from './commands.ts';
import { App } from './components/App.tsx';
import { chooseLanguage } from './i18n.ts';
import { bindLauncher } from './launcher.ts';
import { createStore, initialState } from './store.ts';
import css from './styles.css?inline';

/** Mounts the widget app; called once by the loader with its shadow root and launcher. */
export function mount(options: MountOptions): void {
  const { root, siteKey, baseUrl, launcher, lang, color } = options;
  const style = document.createElement('style');
  style.textContent = css;
  const container = document.createElement('div');
  root.append(style, container);

  // The site's language is known only after the session; until then, data-lang or the browser.
  const store = createStore(initialState(chooseLanguage(lang, null, navigator.language)));
  const chat = createChat({ store, siteKey, baseUrl, lang });
  bindLauncher(launcher, root.host as HTMLElement, store, color);
  render(<App store={store} chat={chat} launcher={launcher} />, container);
  options.onCommand((command, args) => runCommand(chat, command, args));
  chat.init();
}
