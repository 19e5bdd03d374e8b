/**
 * The bridge between the loader (script tag) and the lazily loaded app. Types only: the loader
 * must stay tiny, so nothing here may produce runtime code.
 */

/** Receives host-page commands, e.g. `window.Parley('open')` → `('open', [])`. */
export type CommandHandler = (command: string, args: unknown[]) => void;

/** 'widget': launcher + panel on a host page; 'page': the hosted chat page (`/chat/KEY`). */
export type WidgetMode = 'widget' | 'page';

/** What the loader hands to the app's `mount`. */
export interface MountOptions {
  /** The open shadow root holding the launcher; the app adds its style and panel here. */
  root: ShadowRoot;
  siteKey: string;
  /** Origin of the server, taken from the script's `src` (no trailing slash). */
  baseUrl: string;
  /** The launcher button the loader drew; the app owns its label, badge and state from now on. */
  launcher: HTMLButtonElement;
  /** `data-lang` of the script tag, if any. */
  lang: string | null;
  /** `data-color` of the script tag, if any; it wins over the site's configured colour. */
  color: string | null;
  /** `data-mode`: 'page' on the hosted chat page (panel always open, full window, no launcher). */
  mode: WidgetMode;
  /** Registers the app's command handler; calls queued before the app loaded are replayed into it. */
  onCommand: (handler: CommandHandler) => void;
}

/** Shape of the app module loaded with `import()`. */
export interface AppModule {
  mount: (options: MountOptions) => void;
}

/** `window.Parley`: a command function; `q` is the queue a host-page stub may have filled. */
export interface ParleyGlobal {
  (command: string, ...args: unknown[]): void;
  q?: ArrayLike<unknown>[];
  /** Set by the loader, so a second copy of the script tag does nothing. */
  loaded?: boolean;
}
