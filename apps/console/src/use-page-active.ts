import { useEffect, useState } from 'preact/hooks';

/** Whether the console tab is visible and its window has focus: the agent can see what it shows. */
export function pageIsActive(): boolean {
  if (typeof document === 'undefined') return false;
  return document.visibilityState !== 'hidden' && (typeof document.hasFocus !== 'function' || document.hasFocus());
}

/** `pageIsActive()`, kept up to date through visibility, focus and blur events. */
export function usePageActive(): boolean {
  const [active, setActive] = useState(pageIsActive);
  useEffect(() => {
    const update = () => setActive(pageIsActive());
    document.addEventListener('visibilitychange', update);
    globalThis.addEventListener('focus', update);
    globalThis.addEventListener('blur', update);
    return () => {
      document.removeEventListener('visibilitychange', update);
      globalThis.removeEventListener('focus', update);
      globalThis.removeEventListener('blur', update);
    };
  }, []);
  return active;
}
