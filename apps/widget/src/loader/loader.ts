/**
 * The script-tag loader (dist/widget.js, an IIFE). It draws only the launcher inside a shadow root,
 * queues `window.Parley(...)` calls, and imports the app module when the visitor shows intent, the
 * browser is idle, a command needs it, or a conversation is in progress. Budget: 2 KB gzipped, so it
 * holds no framework and no text beyond the launcher label.
 */
import type { AppModule, ParleyGlobal } from '../shared/bridge.ts';
import { chatFlagKey } from '../shared/keys.ts';
import { createCommandQueue, needsApp } from './queue.ts';

declare global {
  interface Window {
    Parley?: ParleyGlobal;
  }
}

// Styles live in the shadow root; `all:initial` stops the host page's inherited CSS leaking in.
// `!important`: the page's own `!important` rules on the host element (say `*{letter-spacing:2px
// !important}`) would beat a normal :host rule, but an important one in the shadow tree wins.
const STYLE =
  ':host{all:initial!important}' +
  '.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;display:grid;place-items:center;' +
  'width:56px;height:56px;padding:0;border:0;border-radius:50%;background:var(--parley-color,#2563eb);' +
  'color:var(--parley-on,#fff);cursor:pointer;box-shadow:0 4px 16px #0004}' +
  '.launcher[hidden]{display:none}' +
  '.launcher:focus-visible{outline:3px solid transparent;box-shadow:0 0 0 3px #fff,0 0 0 6px #111827}' +
  '.launcher svg{width:28px;height:28px;fill:currentColor}';

const ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';

// Read synchronously: currentScript is only set while this script first runs.
const script = (document.currentScript ??
  document.querySelector('script[data-site-key]')) as HTMLScriptElement | null;
const siteKey = script?.dataset.siteKey;

/** Runs `task` when the host page is idle, after `ms` at the latest (Safari: after `ms`). */
const whenIdle = (task: () => void, ms: number) =>
  'requestIdleCallback' in window ? requestIdleCallback(task, { timeout: ms }) : setTimeout(task, ms);

if (!script || !siteKey) console.warn('[parley] no data-site-key');
// After the host page's next frame, once it is idle: run during its first render, building the
// launcher made that frame long (a 42 ms render plus ~25 ms here with the CPU 4× slower), and on a
// busy machine the loader's task (20-55 ms then) still shared long frames with the page's own work
// (apps/bench). In a background tab that frame comes when the tab is shown; calls made meanwhile
// wait in the snippet's queue.
else requestAnimationFrame(() => whenIdle(() => start(script, siteKey), 500));

function start(script: HTMLScriptElement, siteKey: string): void {
  // The snippet twice on a page: the first loader to start wins.
  if (window.Parley?.loaded) return;
  const baseUrl = new URL(script.src).origin;
  const { lang = null, color = null } = script.dataset;
  const mode = script.dataset.mode === 'page' ? 'page' : 'widget';

  // A custom element name keeps host-page rules such as `div{...}` off the host element.
  const host = document.createElement('parley-widget');
  host.id = 'parley-widget';
  if (color && CSS.supports('color', color)) host.style.setProperty('--parley-color', color);
  const root = host.attachShadow({ mode: 'open' });
  const vi = (lang ?? navigator.language).toLowerCase().startsWith('vi');
  // No type="button": a button in a shadow root belongs to no form of the host page.
  root.innerHTML =
    `<style>${STYLE}</style><button class="launcher" data-testid="parley-launcher" ` +
    `aria-haspopup="dialog" aria-expanded="false" aria-label="${vi ? 'Mở cuộc trò chuyện' : 'Open chat'}">${ICON}</button>`;
  const launcher = root.querySelector('button')!;
  // The hosted chat page has no launcher: its panel is the page.
  launcher.hidden = mode === 'page';

  let loading: Promise<unknown> | undefined;
  function load(): void {
    // Mounting in a task of its own, after the one that ran the module: neither is long enough
    // to block the host page when the app loads while idle.
    loading ??= import(/* @vite-ignore */ `${baseUrl}/widget/${__PARLEY_APP_FILE__}`)
      .then((app: AppModule) =>
        setTimeout(() => app.mount({ root, siteKey, baseUrl, launcher, lang, color, mode, onCommand: queue.attach })),
      )
      .catch((error: unknown) => {
        loading = undefined; // the next intent tries again
        console.error('[parley] load failed', error);
      });
  }

  // Keep calls made before the app is ready, including those a host-page stub queued in `q`.
  const queue = createCommandQueue(window.Parley?.q, (command) => {
    // Hide the launcher at once, not only when the app has loaded (no flash of a hidden launcher).
    if (mode === 'widget' && (command === 'hide' || command === 'show')) launcher.hidden = command === 'hide';
    if (needsApp(command)) load();
  });
  const api: ParleyGlobal = (command, ...args) => queue.call(command, args);
  api.loaded = true;
  window.Parley = api;

  for (const type of ['pointerenter', 'focus', 'touchstart']) {
    launcher.addEventListener(type, load, { passive: true });
  }
  launcher.addEventListener('click', () => api('toggle'));

  const attach = () => document.body.append(host);
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach);

  // In a task of its own: the first storage read waits for the browser process (1-12 ms at 4×).
  setTimeout(() => {
    let inProgress = false;
    try {
      inProgress = !!localStorage.getItem(chatFlagKey(siteKey));
    } catch {
      // Storage can be blocked (privacy settings, sandboxed frames): treat as a new visitor.
    }
    if (inProgress || mode === 'page') return load();
    // Otherwise wait until the host page has loaded, then for an idle moment.
    const idle = () => whenIdle(load, 5000);
    if (document.readyState === 'complete') idle();
    else addEventListener('load', idle);
  });
}
