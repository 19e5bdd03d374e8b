import { useEffect, useState, type MutableRef } from 'preact/hooks';

/**
 * Whether an element is rendered on screen (not inside a `hidden` or `display: none` ancestor,
 * such as the inbox while another page of the app is shown, or the conversation on a phone while
 * the list is shown). Without IntersectionObserver it counts as visible.
 */
export function useElementVisible(ref: MutableRef<Element | null>): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      const entry = entries.at(-1);
      if (entry) setVisible(entry.isIntersecting || entry.boundingClientRect.height > 0);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return visible;
}

/** True when `el` takes up space on the page now (checked on demand, e.g. in a key handler). */
export function isRendered(el: Element | null): boolean {
  return el !== null && el.getClientRects().length > 0;
}
