/**
 * The script-tag loader (dist/widget.js, an IIFE). It draws only the launcher inside a shadow root,
 * queues `window.Parley(...)` calls, and imports the app module when the visitor shows intent, the
 * browser is idle, or a visitor token says a conversation may be in progress. Budget: 2 KB gzipped,
 * so it holds no framework and no text beyond the launcher label.
 */
import { visitorTokenStorageKey } from '@parley/protocol';
import type { AppModule, CommandHandler, ParleyGlobal } from '../shared/bridge.ts';

declare global {
  interface Window {
    Parley?: ParleyGlobal;
  }
}

// Styles live in the shadow root; `all:initial` stops the host page's inherited CSS leaking in.
const STYLE =
  ':host{all:initial}' +
  '.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;display:grid;place-items:center;' +
  'width:56px;height:56px;padding:0;border:0;border-radius:50%;background:var(--parley-color,#2563eb);' +
  'color:#fff;cursor:pointer;box-shadow:0 4px 16px rgba(0,0,0,.25)}' +
  '.launcher:focus-visible{outline:3px solid transparent;box-shadow:0 0 0 3px #fff,0 0 0 6px #111827}' +
  '.launcher svg{width:28px;height:28px;fill:currentColor}';

const ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';

// Read synchronously: currentScript is only set while this script first runs.
const script = (document.currentScript ??
  document.querySelector('script[data-site-key]')) as HTMLScriptElement | null;
const siteKey = script?.dataset.siteKey;

if (!script || !siteKey) console.warn('[parley] the script tag needs data-site-key');
else if (!window.Parley?.loaded) start(script, siteKey);

function start(script: HTMLScriptElement, siteKey: string): void {
  const baseUrl = new URL(script.src).origin;
  const lang = script.dataset.lang ?? null;
  const color = script.dataset.color ?? null;

  // Keep calls made before the app is ready, including those a host-page stub queued in `q`.
  const queue = Array.from(window.Parley?.q ?? [], (call) => Array.from(call));
  let handler: CommandHandler | undefined;
  const api: ParleyGlobal = (command, ...args) => {
    if (handler) handler(command, args);
    else {
      queue.push([command, ...args]);
      load();
    }
  };
  api.loaded = true;
  window.Parley = api;

  // A custom element name keeps host-page rules such as `div{...}` off the host element.
  const host = document.createElement('parley-widget');
  host.id = 'parley-widget';
  if (color && CSS.supports('color', color)) host.style.setProperty('--parley-color', color);
  const root = host.attachShadow({ mode: 'open' });
  const vi = (lang ?? navigator.language).toLowerCase().startsWith('vi');
  root.innerHTML =
    `<style>${STYLE}</style><button type="button" class="launcher" data-testid="parley-launcher" ` +
    `aria-haspopup="dialog" aria-expanded="false" aria-label="${vi ? 'Mở cuộc trò chuyện' : 'Open chat'}">${ICON}</button>`;
  const launcher = root.querySelector('button')!;

  let loading: Promise<void> | undefined;
  function load(): void {
    loading ??= import(/* @vite-ignore */ `${baseUrl}/widget/${__PARLEY_APP_FILE__}`)
      .then((app: AppModule) =>
        app.mount({
          root,
          siteKey,
          baseUrl,
          launcher,
          lang,
          color,
          onCommand(next) {
            handler = next;
            for (const [command, ...args] of queue.splice(0)) next(String(command), args);
          },
        }),
      )
      .catch((error: unknown) => {
        loading = undefined; // the next intent tries again
        console.error('[parley] the chat could not load', error);
      });
  }

  for (const type of ['pointerenter', 'focus', 'touchstart']) {
    launcher.addEventListener(type, load, { passive: true });
  }
  launcher.addEventListener('click', () => api('toggle'));

  const attach = () => document.body.append(host);
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach);

  let hasToken = false;
  try {
    hasToken = !!localStorage.getItem(visitorTokenStorageKey(siteKey));
  } catch {
    // Storage can be blocked (privacy settings, sandboxed frames): treat as a new visitor.
  }
  if (hasToken || queue.length) return load();
  // Otherwise wait until the host page has loaded, then for an idle moment (Safari lacks rIC).
  const idle = () =>
    'requestIdleCallback' in window ? requestIdleCallback(load, { timeout: 5000 }) : setTimeout(load, 3000);
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle);
}
