/**
 * Parts of the panel that are rarely needed live in their own chunks, imported the first time
 * they render (`import()` resolves against this chunk's URL, so they come from the widget's server
 * whatever the host page's origin). Each chunk adds its own stylesheet to the shadow root.
 */
import { h, type ComponentType, type FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

let shadowRoot: ShadowRoot | undefined;

/** Called once by mount: where chunks add their styles (and the transcript its download link). */
export function setRoot(root: ShadowRoot): void {
  shadowRoot = root;
}

export function getRoot(): ShadowRoot | undefined {
  return shadowRoot;
}

/** Adds a chunk's stylesheet to the shadow root (once: a module body runs once). */
export function addStyle(css: string): void {
  if (!shadowRoot) return; // not mounted (unit tests import chunks directly)
  const style = document.createElement('style');
  style.textContent = css;
  shadowRoot.append(style);
}

export type Lazy<P> = FunctionComponent<P> & { preload(): Promise<void> };

/** A component whose code is imported on first render; it renders nothing until then. */
export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): Lazy<P> {
  let component: ComponentType<P> | undefined;
  let loading: Promise<void> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (loaded) => void (component = loaded),
      (error: unknown) => {
        loading = undefined; // the next render tries again
        console.error('[parley] load failed', error);
      },
    ));
  const Lazy = ((props: P) => {
    const [, setLoaded] = useState(false);
    useEffect(() => {
      if (component) return;
      let live = true;
      void preload().then(() => live && setLoaded(true));
      return () => void (live = false);
    }, []);
    return component ? h(component as ComponentType<object>, props) : null;
  }) as Lazy<P>;
  Lazy.preload = preload;
  return Lazy;
}
